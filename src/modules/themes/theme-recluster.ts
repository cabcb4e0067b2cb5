import type { Kysely } from 'kysely';
import type { DatabaseHandle } from '../../platform/database/connection.js';
import { withTransaction } from '../../platform/database/connection.js';
import type { Database } from '../../platform/database/schema.js';
import { enqueue } from '../../platform/jobs/job-definition.js';
import { type PinnedTheme, planRecluster } from './recluster-plan.js';
import { stem } from './text-features.js';
import { reclusterJob } from './theme.jobs.js';
import {
  insertTheme,
  listRules,
  listThemesByStatus,
  recountThemes,
  type ThemeRow,
  updateTheme,
} from './theme.repository.js';
import type { Assignment } from './theme-clusterer.js';
import { labelFromTerms, topTerms } from './theme-label.js';
import {
  listWindowMessages,
  newestThemeMessageAt,
  rethemeDuplicateClusters,
  writeThemeAssignments,
} from './theme-recluster.repository.js';
import {
  forgetThemeState,
  type SplitRuleData,
  type StoredCentroids,
  saveThemeState,
} from './theme-state.js';
import {
  applyVolumeDeltas,
  deleteVolumes,
  hourStart,
  VolumeDeltas,
} from './theme-volume.repository.js';

export const reclusterWindowDays = 30;
/** The most messages one re-clustering reads (the newest ones of the window). */
const reclusterMessageLimit = 200_000;

/** Queues a re-clustering; the worker runs it in one transaction. */
export async function queueRecluster(
  database: DatabaseHandle,
  organisationId: number,
): Promise<number> {
  return withTransaction(database, (trx) =>
    enqueue(trx, reclusterJob, { organisationId }, { maxAttempts: 3 }),
  );
}

export interface ReclusterSummary {
  /** Inbound messages of the window that were re-clustered. */
  messages: number;
  /** Of those, the messages that ended up in a theme. */
  themed: number;
  /** Active and dormant themes before, active themes after. */
  themesBefore: number;
  themes: number;
  kept: number;
  created: number;
  retired: number;
  /** Analysts' rules carried by the pinned themes, re-applied by this re-clustering. */
  rules: { rename: number; merge: number; split: number };
  window: { from: number; to: number } | null;
}

/**
 * Re-clusters the last 30 days (up to the newest message, so imported history works too) from
 * scratch. Analysts' edits survive: pinned themes (renamed, merged into, split, or split off)
 * keep their ids and seed the clustering, merged themes stay folded into their target through
 * its centroids, and split rules apply again. Other themes keep their id when most of a new
 * cluster's messages were theirs.
 */
export async function reclusterThemes(
  db: Kysely<Database>,
  organisationId: number,
  now: number,
): Promise<ReclusterSummary> {
  const newest = await newestThemeMessageAt(db, organisationId);
  const summary: ReclusterSummary = {
    messages: 0,
    themed: 0,
    themesBefore: 0,
    themes: 0,
    kept: 0,
    created: 0,
    retired: 0,
    rules: { rename: 0, merge: 0, split: 0 },
    window: null,
  };
  if (newest === null) return summary;
  const from = hourStart(newest - reclusterWindowDays * 86_400_000);
  summary.window = { from, to: newest };
  const rows = await listWindowMessages(db, organisationId, from, reclusterMessageLimit);
  rows.reverse();
  summary.messages = rows.length;

  const existing = await listThemesByStatus(db, organisationId, ['active', 'dormant']);
  summary.themesBefore = existing.length;
  const rules = await listRules(db, organisationId);
  const pinned = pinnedThemes(existing, rules);
  const pinnedIds = new Set(pinned.map((theme) => theme.id));
  for (const rule of rules) if (pinnedIds.has(rule.theme_id)) summary.rules[rule.kind]++;
  const plan = planRecluster(
    rows.map((row) => ({ messageId: row.message_id, text: row.text, createdAt: row.created_at })),
    pinned,
  );

  const idOf = matchThemes(rows, plan.assignments, existing, pinned);
  const ids = new Map<number, number>();
  for (const themeId of plan.clusterer.themes.keys()) {
    const theme = plan.clusterer.themes.get(themeId);
    if (!theme) continue;
    const terms = topTerms(theme.words, plan.frequencies);
    const pinnedTheme = pinned.find((candidate) => candidate.id === themeId);
    const stored: StoredCentroids = {
      // A pinned theme keeps its stored centroids: counting the window again would let every
      // re-clustering pull it further toward recent messages.
      centroids: pinnedTheme ? pinnedTheme.centroids : plan.clusterer.centroidsOf(themeId),
      words: [...theme.words],
    };
    const changes = {
      label: labelFromTerms(terms),
      top_terms: JSON.stringify(terms),
      centroids: JSON.stringify(stored),
      status: 'active' as const,
      updated_at: now,
    };
    const reused = themeId >= 0 ? themeId : idOf.get(themeId);
    if (reused !== undefined) {
      await updateTheme(db, reused, changes);
      ids.set(themeId, reused);
      summary.kept++;
    } else {
      const id = await insertTheme(db, {
        organisation_id: organisationId,
        pinned_label: null,
        merged_into_id: null,
        pinned: 0,
        message_count: 0,
        sentiment_sum: 0,
        sentiment_count: 0,
        last_message_at: null,
        created_at: now,
        ...changes,
      });
      ids.set(themeId, id);
      summary.created++;
    }
  }
  const surviving = new Set(ids.values());
  for (const theme of existing) {
    if (surviving.has(theme.id) || theme.pinned === 1) continue;
    await updateTheme(db, theme.id, { status: 'retired', updated_at: now });
    summary.retired++;
  }
  summary.themes = surviving.size;

  await writeAssignments(db, rows, plan.assignments, ids);
  await deleteVolumes(db, organisationId, from, Number.MAX_SAFE_INTEGER);
  const volumes = new VolumeDeltas();
  for (const row of rows) {
    const themeId = plan.assignments.get(row.message_id)?.themeId ?? null;
    const stored = themeId === null ? null : (ids.get(themeId) ?? null);
    if (stored !== null) summary.themed++;
    volumes.add(row.created_at, row.channel_account_id, stored, row.sentiment, row.polarity);
  }
  await applyVolumeDeltas(db, organisationId, volumes.values());
  await recountThemes(
    db,
    organisationId,
    [...new Set([...surviving, ...existing.map((t) => t.id)])],
    now,
  );
  await rethemeDuplicateClusters(db, organisationId);

  forgetThemeState(organisationId);
  const state = {
    token: '',
    clusterer: plan.clusterer,
    frequencies: plan.frequencies,
    storedDocuments: 0,
    sinceConsolidation: 0,
  };
  for (const [provisional, id] of ids)
    if (provisional < 0) plan.clusterer.resolveTheme(provisional, id);
  plan.clusterer.takeTouched();
  await saveThemeState(db, organisationId, state, now, true);
  // The next batch reloads from the rows just written (pool included).
  forgetThemeState(organisationId);
  return summary;
}

function pinnedThemes(existing: ThemeRow[], rules: Awaited<ReturnType<typeof listRules>>) {
  const pinned: PinnedTheme[] = existing
    .filter((theme) => theme.pinned === 1)
    .map((theme) => {
      const stored = JSON.parse(theme.centroids) as StoredCentroids;
      return { id: theme.id, centroids: stored.centroids, words: stored.words, splits: [] };
    });
  for (const rule of rules) {
    if (rule.kind !== 'split') continue;
    const data = JSON.parse(rule.data) as SplitRuleData;
    pinned
      .find((theme) => theme.id === rule.theme_id)
      ?.splits.push({
        keywords: new Set(data.keywords.map((keyword) => stem(keyword.toLowerCase()))),
        childThemeId: data.child_theme_id,
      });
  }
  return pinned;
}

/**
 * Gives each new cluster the id of the unpinned old theme that held most of its messages, when
 * that is at least half of them, largest overlaps first, so ids (and links to them) stay stable.
 */
function matchThemes(
  rows: { message_id: number; theme_id: number | null }[],
  assignments: Map<number, Assignment>,
  existing: ThemeRow[],
  pinned: PinnedTheme[],
): Map<number, number> {
  const pinnedIds = new Set(pinned.map((theme) => theme.id));
  const reusable = new Set(existing.filter((theme) => !pinnedIds.has(theme.id)).map((t) => t.id));
  const overlap = new Map<string, number>();
  const sizes = new Map<number, number>();
  for (const row of rows) {
    const themeId = assignments.get(row.message_id)?.themeId;
    if (themeId === null || themeId === undefined || themeId >= 0) continue;
    sizes.set(themeId, (sizes.get(themeId) ?? 0) + 1);
    if (row.theme_id === null || !reusable.has(row.theme_id)) continue;
    const key = `${themeId}:${row.theme_id}`;
    overlap.set(key, (overlap.get(key) ?? 0) + 1);
  }
  const pairs = [...overlap.entries()]
    .map(([key, count]) => {
      const [created, old] = key.split(':').map(Number) as [number, number];
      return { created, old, count };
    })
    .sort((a, b) => b.count - a.count);
  const result = new Map<number, number>();
  const taken = new Set<number>();
  for (const pair of pairs) {
    if (result.has(pair.created) || taken.has(pair.old)) continue;
    if (pair.count * 2 < (sizes.get(pair.created) ?? 0)) continue;
    result.set(pair.created, pair.old);
    taken.add(pair.old);
  }
  return result;
}

async function writeAssignments(
  db: Kysely<Database>,
  rows: { message_id: number }[],
  assignments: Map<number, Assignment>,
  ids: Map<number, number>,
): Promise<void> {
  await writeThemeAssignments(
    db,
    rows.map((row) => {
      const assignment = assignments.get(row.message_id);
      const themeId = assignment?.themeId ?? null;
      return {
        messageId: row.message_id,
        themeId: themeId === null ? null : (ids.get(themeId) ?? null),
        similarity: assignment?.similarity ?? 0,
      };
    }),
  );
}
