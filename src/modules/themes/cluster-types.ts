/** Shapes shared by the clusterer, its persistence and re-clustering. */
export interface ClustererOptions {
  similarityThreshold: number;
  /** Messages needed to open a theme from the pool (the arriving one included). */
  minThemeSize: number;
  candidatePoolSize: number;
  maxCentroids: number;
  /** Features a centroid keeps when pruned (its strongest). */
  centroidTerms: number;
  /** Cosine between two centroids above which consolidation folds them into one theme. */
  mergeThreshold: number;
  /**
   * Lower bar to join an established theme (one of at least `establishedSize` messages): a
   * message below `similarityThreshold` but at least this similar to such a theme joins it
   * instead of waiting in the pool. 0 turns it off.
   */
  attachThreshold: number;
  establishedSize: number;
  /**
   * At consolidation, an unpinned theme still under `minThemeVolume` messages after a full
   * consolidation period is folded into the most similar larger theme when their centroids are
   * at least `absorbThreshold` similar. 0 turns it off.
   */
  minThemeVolume: number;
  absorbThreshold: number;
}

export const defaultClustererOptions: ClustererOptions = {
  similarityThreshold: 0.3,
  minThemeSize: 3,
  candidatePoolSize: 2000,
  maxCentroids: 400,
  centroidTerms: 64,
  mergeThreshold: 0.35,
  attachThreshold: 0.2,
  establishedSize: 10,
  minThemeVolume: 20,
  absorbThreshold: 0.15,
};

export interface Centroid {
  key: number;
  themeId: number;
  sums: Map<number, number>;
  norm2: number;
  count: number;
  lastAt: number;
  /** Marks the centroid as already scored for the current message. */
  stamp: number;
  /** Consolidations the clusterer had run when the centroid was created (0 when restored). */
  epoch: number;
}

export interface SplitRule {
  /** Stems: a message of the parent theme with any of them goes to the child. */
  keywords: Set<string>;
  childThemeId: number;
}

export interface ClusterTheme {
  id: number;
  pinned: boolean;
  /** Surface words and their counts, for labels (pruned to the strongest). */
  words: Map<string, number>;
  splits: SplitRule[];
}

export interface Assignment {
  messageId: number;
  themeId: number | null;
  similarity: number;
}

export interface SavedCentroid {
  sums: [number, number][];
  count: number;
  lastAt: number;
}
