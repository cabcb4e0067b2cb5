import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.js';
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

/** A stored customer message to place in a theme. */
export interface MessageToPlace {
  messageId: number;
  /** The account it was addressed to (a reply's conversation can be on another account). */
  channelAccountId: number;
  text: string;
  createdAt: number;
  /** Who wrote it, for the near-duplicate clusters' author counts: `c<contact id>` or the handle. */
  authorKey: string;
  /** The classification stored on the message row. */
  sentiment: string | null;
  polarity: number | null;
}

/**
 * Places customer messages, in creation order, into themes (in memory, against the bounded set of
 * centroids), then writes their theme, the hourly rollup the alerts read, the themes' counters and
 * labels, and the near-duplicate fingerprints, all in `trx`; the caller holds the themes lock.
 * The theme_messages row it writes for every message is what marks the message as listened to,
 * so a listen job run twice applies each message once.
 */
export async function placeInThemes(
  trx: Kysely<Database>,
  organisationId: number,
  items: readonly MessageToPlace[],
  now: number,
): Promise<void> {
  if (items.length === 0) return;
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
}
