import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.js';
import {
  applyThemeChanges,
  findThemeMessages,
  insertTheme,
  moveThemeData,
  recountThemes,
  setMessageTheme,
  type ThemeChange,
  updateTheme,
} from './theme.repository.js';
import type { Assignment } from './theme-clusterer.js';
import { labelFromTerms, topTerms } from './theme-label.js';
import type { StoredCentroids, ThemeState } from './theme-state.js';
import type { VolumeDeltas } from './theme-volume.repository.js';

/** A message of the batch being placed, with what the stage knows about it. */
export interface PlacedMessage {
  messageId: number;
  channelAccountId: number;
  createdAt: number;
  sentiment: string | null;
  polarity: number | null;
}

export function storedCentroids(state: ThemeState, themeId: number): string {
  const theme = state.clusterer.themes.get(themeId);
  const stored: StoredCentroids = {
    centroids: state.clusterer.centroidsOf(themeId),
    words: theme ? [...theme.words] : [],
  };
  return JSON.stringify(stored);
}

function generatedLabel(state: ThemeState, themeId: number): { label: string; terms: string } {
  const theme = state.clusterer.themes.get(themeId);
  const terms = topTerms(theme?.words ?? new Map(), state.frequencies);
  return { label: labelFromTerms(terms), terms: JSON.stringify(terms) };
}

/** Inserts rows for themes the clusterer opened in this batch; returns provisional -> id. */
export async function createOpenedThemes(
  db: Kysely<Database>,
  organisationId: number,
  state: ThemeState,
  now: number,
): Promise<Map<number, number>> {
  const resolved = new Map<number, number>();
  for (const themeId of [...state.clusterer.themes.keys()]) {
    if (themeId >= 0) continue;
    const { label, terms } = generatedLabel(state, themeId);
    const id = await insertTheme(db, {
      organisation_id: organisationId,
      label,
      pinned_label: null,
      status: 'active',
      merged_into_id: null,
      pinned: 0,
      message_count: 0,
      sentiment_sum: 0,
      sentiment_count: 0,
      top_terms: terms,
      centroids: '{"centroids":[],"words":[]}',
      last_message_at: null,
      created_at: now,
      updated_at: now,
    });
    state.clusterer.resolveTheme(themeId, id);
    resolved.set(themeId, id);
  }
  return resolved;
}

/**
 * Writes the final theme of messages placed earlier (pooled ones that just opened a theme): the
 * theme_messages row, the hourly rollup (moved out of "no theme") and the theme's counters.
 */
export async function applyLateAssignments(
  db: Kysely<Database>,
  late: Assignment[],
  volumes: VolumeDeltas,
  counters: Map<number, ThemeCounter>,
): Promise<void> {
  const rows = await findThemeMessages(
    db,
    late.map((assignment) => assignment.messageId),
  );
  const byId = new Map(rows.map((row) => [row.message_id, row]));
  for (const assignment of late) {
    const row = byId.get(assignment.messageId);
    if (!row || row.theme_id === assignment.themeId) continue;
    await setMessageTheme(db, row.message_id, assignment.themeId, assignment.similarity);
    volumes.add(
      row.created_at,
      row.channel_account_id,
      row.theme_id,
      row.sentiment,
      row.polarity,
      -1,
    );
    volumes.add(
      row.created_at,
      row.channel_account_id,
      assignment.themeId,
      row.sentiment,
      row.polarity,
    );
    if (row.theme_id !== null) countInto(counters, row.theme_id, row.polarity, row.created_at, -1);
    if (assignment.themeId !== null) {
      countInto(counters, assignment.themeId, row.polarity, row.created_at, 1);
    }
  }
}

export interface ThemeCounter {
  messages: number;
  polaritySum: number;
  polarityCount: number;
  lastAt: number;
}

export function countInto(
  counters: Map<number, ThemeCounter>,
  themeId: number,
  polarity: number | null,
  at: number,
  sign: number,
): void {
  let counter = counters.get(themeId);
  if (!counter) {
    counter = { messages: 0, polaritySum: 0, polarityCount: 0, lastAt: 0 };
    counters.set(themeId, counter);
  }
  counter.messages += sign;
  if (polarity !== null) {
    counter.polaritySum += sign * polarity;
    counter.polarityCount += sign;
  }
  if (sign > 0) counter.lastAt = Math.max(counter.lastAt, at);
}

/** Stores what changed in the clusterer: centroids and labels, folds, dormant themes. */
export async function storeClustererChanges(
  db: Kysely<Database>,
  organisationId: number,
  state: ThemeState,
  folds: { fromId: number; intoId: number }[],
  counters: Map<number, ThemeCounter>,
  now: number,
): Promise<void> {
  // Counters and descriptions in one statement. The counters must land before recountThemes
  // below (which replaces them for fold targets); descriptions of a folded-away theme are not
  // written, as before (it has left the clusterer).
  const changes = new Map<number, ThemeChange>();
  for (const [id, counter] of counters) {
    changes.set(id, { id, ...counter, described: null });
  }
  for (const themeId of state.clusterer.takeTouched()) {
    if (!state.clusterer.themes.has(themeId)) continue;
    const { label, terms } = generatedLabel(state, themeId);
    const described = { label, topTerms: terms, centroids: storedCentroids(state, themeId) };
    const change = changes.get(themeId);
    if (change) change.described = described;
    else
      changes.set(themeId, {
        id: themeId,
        messages: 0,
        polaritySum: 0,
        polarityCount: 0,
        lastAt: null,
        described,
      });
  }
  await applyThemeChanges(db, [...changes.values()], now);
  for (const fold of folds) {
    await moveThemeData(db, organisationId, fold.fromId, fold.intoId);
    await updateTheme(db, fold.fromId, {
      status: 'merged',
      merged_into_id: fold.intoId,
      centroids: '{"centroids":[],"words":[]}',
      updated_at: now,
    });
  }
  if (folds.length > 0) {
    await recountThemes(
      db,
      organisationId,
      folds.map((fold) => fold.intoId),
      now,
    );
  }
  for (const themeId of state.clusterer.takeDormant()) {
    await updateTheme(db, themeId, { status: 'dormant', updated_at: now });
  }
}
