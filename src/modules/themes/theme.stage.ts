import type { ListeningStage } from '../../pipeline/index.js';
import { fingerprintMessages } from './near-duplicates.js';
import { insertThemeMessages, type ThemeMessageRow } from './theme.repository.js';
import type { Assignment } from './theme-clusterer.js';
import { loadThemeState, saveThemeState } from './theme-state.js';
import { vectorise } from './theme-vector.js';
import { applyVolumeDeltas, VolumeDeltas } from './theme-volume.repository.js';
import {
  applyLateAssignments,
  countInto,
  createOpenedThemes,
  storeClustererChanges,
  type ThemeCounter,
} from './theme-writer.js';

/** Consolidation runs after this many new messages (it compares centroids pairwise). */
const consolidateEvery = 2000;

/**
 * First listening stage: places the listen job's customer messages into themes (in memory,
 * against the bounded set of centroids), then writes their theme, the hourly rollup the alerts
 * read, the themes' counters and labels, and the near-duplicate fingerprints, all in the job's
 * transaction. The theme_messages row it writes for every message is what marks the message as
 * listened to, so a job run twice applies each message once.
 */
export const themesStage: ListeningStage = {
  name: 'themes',
  async run(batch) {
    const items = batch.messages;
    if (items.length === 0) return;
    const { trx, organisationId, now } = batch;
    const state = await loadThemeState(trx, organisationId);

    const batchIds = new Set(items.map((item) => item.messageId));
    const final = new Map<number, Assignment>();
    const late = new Map<number, Assignment>();
    for (const item of items) {
      const { messageId } = item;
      const vector = vectorise(item.text, state.frequencies, true);
      for (const assignment of state.clusterer.assign(messageId, vector, item.createdAt)) {
        if (batchIds.has(assignment.messageId)) final.set(assignment.messageId, assignment);
        else late.set(assignment.messageId, assignment);
      }
    }
    const resolved = await createOpenedThemes(trx, organisationId, state, now);
    state.sinceConsolidation += items.length;
    const folds: { fromId: number; intoId: number }[] = [];
    if (state.sinceConsolidation >= consolidateEvery) {
      folds.push(...state.clusterer.consolidate());
      state.sinceConsolidation = 0;
    }
    const themeOf = (assignment: Assignment | undefined): number | null => {
      if (!assignment || assignment.themeId === null) return null;
      let id = resolved.get(assignment.themeId) ?? assignment.themeId;
      for (const fold of folds) if (fold.fromId === id) id = fold.intoId;
      return id;
    };

    const volumes = new VolumeDeltas();
    const counters = new Map<number, ThemeCounter>();
    const rows: ThemeMessageRow[] = items.map((item) => {
      const { messageId, channelAccountId, polarity } = item;
      const assignment = final.get(messageId);
      const themeId = themeOf(assignment);
      // The classify stage's sentiment, as stored on the message row by the ingest job.
      volumes.add(item.createdAt, channelAccountId, themeId, item.sentiment, polarity);
      if (themeId !== null) countInto(counters, themeId, polarity, item.createdAt, 1);
      return {
        message_id: messageId,
        organisation_id: organisationId,
        theme_id: themeId,
        channel_account_id: channelAccountId,
        similarity: assignment?.similarity ?? 0,
        sentiment: item.sentiment,
        polarity,
        created_at: item.createdAt,
      };
    });
    await insertThemeMessages(trx, rows);
    const lateAssignments = [...late.values()].map((assignment) => ({
      ...assignment,
      themeId: themeOf(assignment),
    }));
    await applyLateAssignments(trx, lateAssignments, volumes, counters);
    await applyVolumeDeltas(trx, organisationId, volumes.values());
    await storeClustererChanges(trx, organisationId, state, folds, counters, now);
    await fingerprintMessages(
      trx,
      organisationId,
      items.map((item, index) => ({
        messageId: item.messageId,
        text: item.text,
        authorKey: item.authorKey,
        createdAt: item.createdAt,
        themeId: rows[index]?.theme_id ?? null,
      })),
    );
    await saveThemeState(trx, organisationId, state, now);
  },
};
