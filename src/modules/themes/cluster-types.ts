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
}

export const defaultClustererOptions: ClustererOptions = {
  similarityThreshold: 0.3,
  minThemeSize: 3,
  candidatePoolSize: 2000,
  maxCentroids: 400,
  centroidTerms: 64,
  mergeThreshold: 0.5,
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
