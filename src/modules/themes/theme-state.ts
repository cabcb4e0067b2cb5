import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.js';
import { stem } from './text-features.js';
import {
  findListeningState,
  listRules,
  listThemesByStatus,
  recentUnthemed,
  saveListeningState,
} from './theme.repository.js';
import {
  type ClustererOptions,
  defaultClustererOptions,
  type SavedCentroid,
  ThemeClusterer,
} from './theme-clusterer.js';
import { DocumentFrequencies, vectorise } from './theme-vector.js';

/** The clusterer of one organisation as this process holds it. */
export interface ThemeState {
  token: string;
  clusterer: ThemeClusterer;
  frequencies: DocumentFrequencies;
  /** Documents when the frequency table was last stored (it is stored every few percent). */
  storedDocuments: number;
  sinceConsolidation: number;
}

export interface StoredCentroids {
  centroids: SavedCentroid[];
  words: [string, number][];
}

/** Split rules: messages of `theme_id` with any keyword go to `child_theme_id`. */
export interface SplitRuleData {
  keywords: string[];
  child_theme_id: number;
}

const cache = new Map<number, ThemeState>();

/**
 * The organisation's clusterer, reloaded from the database when another process (or a
 * re-clustering, or a rolled-back batch) changed it: the stored token says which state is current.
 */
export async function loadThemeState(
  db: Kysely<Database>,
  organisationId: number,
  options: ClustererOptions = defaultClustererOptions,
): Promise<ThemeState> {
  const stored = await findListeningState(db, organisationId);
  const cached = cache.get(organisationId);
  if (cached && stored && cached.token === stored.state_token) {
    // Invalid until saved: a batch that fails half-way must not leave a half-updated clusterer.
    cache.delete(organisationId);
    return cached;
  }
  cache.delete(organisationId);
  const frequencies =
    stored && stored.document_frequencies !== ''
      ? DocumentFrequencies.deserialise(stored.document_frequencies, stored.documents)
      : new DocumentFrequencies();
  const clusterer = new ThemeClusterer(options);
  const rows = await listThemesByStatus(db, organisationId, ['active']);
  for (const row of rows) {
    const saved = JSON.parse(row.centroids) as StoredCentroids;
    clusterer.addTheme(row.id, row.pinned === 1, saved.words);
    for (const centroid of saved.centroids) clusterer.restoreCentroid(row.id, centroid);
  }
  for (const rule of await listRules(db, organisationId)) {
    if (rule.kind !== 'split') continue;
    const data = JSON.parse(rule.data) as SplitRuleData;
    const parent = clusterer.themes.get(rule.theme_id);
    if (!parent || !clusterer.themes.has(data.child_theme_id)) continue;
    parent.splits.push({
      keywords: new Set(data.keywords.map((keyword) => stem(keyword.toLowerCase()))),
      childThemeId: data.child_theme_id,
    });
  }
  const pooled = await recentUnthemed(db, organisationId, options.candidatePoolSize);
  for (const message of pooled.reverse()) {
    clusterer.pool.add(
      message.message_id,
      vectorise(message.text, frequencies, false),
      message.created_at,
    );
  }
  return {
    token: stored?.state_token ?? '',
    clusterer,
    frequencies,
    storedDocuments: frequencies.documents,
    sinceConsolidation: 0,
  };
}

/** Stores the state's token (and, every few percent of growth, the IDF table); caches it. */
export async function saveThemeState(
  db: Kysely<Database>,
  organisationId: number,
  state: ThemeState,
  now: number,
  forceFrequencies = false,
): Promise<void> {
  const token = randomUUID();
  const { documents } = state.frequencies;
  const storeFrequencies =
    forceFrequencies ||
    state.storedDocuments === 0 ||
    documents - state.storedDocuments >= Math.max(200, state.storedDocuments * 0.05);
  await saveListeningState(
    db,
    organisationId,
    token,
    documents,
    storeFrequencies ? state.frequencies.serialise() : null,
    now,
  );
  if (storeFrequencies) state.storedDocuments = documents;
  state.token = token;
  cache.set(organisationId, state);
}

/** Forgets the cached state (after re-clustering or an analyst's edit changed the themes). */
export function forgetThemeState(organisationId: number): void {
  cache.delete(organisationId);
}
