import { themeTerms } from './text-features.js';
import {
  type Assignment,
  type ClustererOptions,
  defaultClustererOptions,
  type SavedCentroid,
  ThemeClusterer,
} from './theme-clusterer.js';
import { DocumentFrequencies, distinctBuckets, type MessageVector, weigh } from './theme-vector.js';

/** The themes stage consolidates after this many messages; re-clustering does the same. */
const consolidateEvery = 2000;

export interface ReclusterMessage {
  messageId: number;
  text: string;
  createdAt: number;
}

/** A theme an analyst edited: it keeps its id and centroids whatever the data says. */
export interface PinnedTheme {
  id: number;
  centroids: SavedCentroid[];
  words: [string, number][];
  splits: { keywords: Set<string>; childThemeId: number }[];
}

export interface ReclusterResult {
  clusterer: ThemeClusterer;
  frequencies: DocumentFrequencies;
  /** Final theme of every message (provisional negative ids for new themes). */
  assignments: Map<number, Assignment>;
}

/**
 * Clusters a window of messages from scratch: IDF from the whole window, one online pass in time
 * order (seeded with the pinned themes), consolidation, then a second pass that moves every
 * message to its nearest final centroid (a k-means step, which fixes what the single pass got
 * wrong early on, before the IDF settled). Themes left smaller than the minimum dissolve unless
 * pinned; split rules apply last, as in the pipeline.
 */
export function planRecluster(
  messages: ReclusterMessage[],
  pinned: PinnedTheme[],
  options: ClustererOptions = defaultClustererOptions,
): ReclusterResult {
  const frequencies = new DocumentFrequencies();
  const parsed = messages.map((message) => {
    const terms = themeTerms(message.text);
    const counts = distinctBuckets(terms);
    if (counts.size > 0) frequencies.observe([...counts.keys()]);
    return { message, terms, counts };
  });
  const vectors = new Map<number, MessageVector>();
  for (const entry of parsed) {
    vectors.set(entry.message.messageId, weigh(entry.terms, entry.counts, frequencies));
  }

  const clusterer = new ThemeClusterer(options);
  for (const theme of pinned) {
    clusterer.addTheme(theme.id, true, theme.words);
    for (const centroid of theme.centroids) clusterer.restoreCentroid(theme.id, centroid);
  }
  for (const theme of pinned) {
    const target = clusterer.themes.get(theme.id);
    if (target)
      target.splits = theme.splits.filter((rule) => clusterer.themes.has(rule.childThemeId));
  }
  parsed.forEach(({ message }, index) => {
    clusterer.assign(
      message.messageId,
      vectors.get(message.messageId) as MessageVector,
      message.createdAt,
    );
    // As often as the pipeline consolidates, so small themes get a period to grow.
    if ((index + 1) % consolidateEvery === 0) clusterer.consolidate();
  });
  clusterer.consolidate();
  return { clusterer, frequencies, assignments: reassign(clusterer, messages, vectors, options) };
}

function reassign(
  clusterer: ThemeClusterer,
  messages: ReclusterMessage[],
  vectors: Map<number, MessageVector>,
  options: ClustererOptions,
): Map<number, Assignment> {
  const assignments = new Map<number, Assignment>();
  const sizes = new Map<number, number>();
  for (const message of messages) {
    const vector = vectors.get(message.messageId) as MessageVector;
    const { centroid, similarity } = clusterer.nearest(vector);
    let themeId: number | null = null;
    if (centroid && similarity >= clusterer.joinBar(centroid)) {
      const theme = clusterer.themes.get(centroid.themeId);
      themeId = (theme && clusterer.splitTarget(theme, vector)) ?? centroid.themeId;
    }
    assignments.set(message.messageId, { messageId: message.messageId, themeId, similarity });
    if (themeId !== null) sizes.set(themeId, (sizes.get(themeId) ?? 0) + 1);
  }
  for (const assignment of assignments.values()) {
    const id = assignment.themeId;
    if (id === null || clusterer.themes.get(id)?.pinned) continue;
    if ((sizes.get(id) ?? 0) < options.minThemeSize) assignment.themeId = null;
  }
  // Centroids and label words of unpinned themes are rebuilt from their final members.
  for (const theme of [...clusterer.themes.values()]) {
    if (theme.pinned) continue;
    clusterer.removeTheme(theme.id);
  }
  for (const message of messages) {
    const assignment = assignments.get(message.messageId) as Assignment;
    const id = assignment.themeId;
    if (id === null || clusterer.themes.get(id)?.pinned) continue;
    const vector = vectors.get(message.messageId) as MessageVector;
    if (!clusterer.themes.has(id)) clusterer.addTheme(id, false);
    const centroid =
      clusterer.bestCentroidOf(id, vector) ?? clusterer.newCentroid(id, message.createdAt);
    clusterer.addVector(centroid, vector, message.createdAt);
    clusterer.addWords(id, vector);
  }
  return assignments;
}
