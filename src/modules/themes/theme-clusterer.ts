import { CandidatePool } from './candidate-pool.js';
import { CentroidIndex } from './centroid-index.js';
import type {
  Assignment,
  Centroid,
  ClustererOptions,
  ClusterTheme,
  SavedCentroid,
} from './cluster-types.js';
import { defaultClustererOptions } from './cluster-types.js';
import type { MessageVector } from './theme-vector.js';
import { addLabelWords, bumpWord } from './theme-words.js';

export {
  type Assignment,
  type Centroid,
  type ClustererOptions,
  type ClusterTheme,
  defaultClustererOptions,
  type SavedCentroid,
  type SplitRule,
} from './cluster-types.js';

/**
 * Online short-text clustering: incremental TF-IDF cosine against a bounded set of centroids.
 * A message joins the most similar centroid when the cosine reaches the threshold; otherwise it
 * waits in a candidate pool until enough similar messages arrive to open a theme together. The
 * per-message cost is one pass over the postings of its few words (an inverted index from
 * feature bucket to centroids), not a comparison with every theme.
 *
 * A theme owns one or more centroids: an analyst's merge keeps the merged theme's centroid under
 * the surviving theme, so messages like either one keep landing in the merged theme. Split rules
 * send a theme's messages that contain given words to another theme.
 */
export class ThemeClusterer {
  readonly themes = new Map<number, ClusterTheme>();
  readonly pool: CandidatePool;
  private readonly index: CentroidIndex;
  /** Consolidations run so far. */
  private epoch = 0;
  private nextProvisionalId = -1;
  /** Themes whose centroids or words changed since `takeTouched`. */
  private touched = new Set<number>();

  constructor(readonly options: ClustererOptions = defaultClustererOptions) {
    this.pool = new CandidatePool(options.candidatePoolSize);
    this.index = new CentroidIndex(options.centroidTerms);
  }

  get centroids(): Map<number, Centroid> {
    return this.index.centroids;
  }

  addTheme(id: number, pinned: boolean, words: Iterable<[string, number]> = []): ClusterTheme {
    const theme: ClusterTheme = { id, pinned, words: new Map(words), splits: [] };
    this.themes.set(id, theme);
    return theme;
  }

  restoreCentroid(themeId: number, saved: SavedCentroid): void {
    const centroid = this.newCentroid(themeId, saved.lastAt);
    for (const [bucket, value] of saved.sums) this.index.add(centroid, bucket, value);
    centroid.count = saved.count;
    centroid.epoch = -1; // older than any consolidation this clusterer runs
  }

  /** Best centroid for a vector, without changing anything (candidates: `forEachCandidate`). */
  nearest(vector: MessageVector): { centroid: Centroid | null; similarity: number } {
    let best: Centroid | null = null;
    let bestScore = 0;
    this.index.forEachCandidate(vector, (centroid, score) => {
      if (score > bestScore) {
        bestScore = score;
        best = centroid;
      }
    });
    return { centroid: best, similarity: bestScore };
  }

  /** The cosine a message needs to join this centroid: lower for an established theme. */
  joinBar(centroid: Centroid): number {
    const { attachThreshold, establishedSize, similarityThreshold } = this.options;
    return attachThreshold > 0 && centroid.count >= establishedSize
      ? Math.min(attachThreshold, similarityThreshold)
      : similarityThreshold;
  }

  /**
   * The centroid a message joins, if any: the candidate with the largest margin over its own
   * join bar (so an established theme at 0.22 beats a young one at 0.28 only when both clear
   * their bars and its margin is larger). Same candidates as `nearest`.
   */
  private chooseCentroid(vector: MessageVector): { centroid: Centroid | null; similarity: number } {
    let best: Centroid | null = null;
    let bestSimilarity = 0;
    let bestMargin = 0;
    let highest = 0;
    this.index.forEachCandidate(vector, (centroid, score) => {
      if (score > highest) highest = score;
      const margin = score - this.joinBar(centroid);
      if (margin >= bestMargin) {
        bestMargin = margin;
        bestSimilarity = score;
        best = centroid;
      }
    });
    return best
      ? { centroid: best, similarity: bestSimilarity }
      : { centroid: null, similarity: highest };
  }

  /**
   * Places one message. Returns its assignment, plus earlier pooled messages that now open a
   * theme with it (their theme changes from none to the new one), or that leave the full pool
   * and join an established theme they are close enough to.
   */
  assign(messageId: number, vector: MessageVector, at: number): Assignment[] {
    if (vector.buckets.length === 0) return [{ messageId, themeId: null, similarity: 0 }];
    const { centroid, similarity } = this.chooseCentroid(vector);
    if (centroid) {
      const themeId = this.place(vector, centroid, at);
      return [{ messageId, themeId, similarity }];
    }
    const similar = this.pool.similar(vector, this.options.similarityThreshold);
    if (similar.length + 1 < this.options.minThemeSize) {
      const assignments: Assignment[] = [{ messageId, themeId: null, similarity }];
      for (const evicted of this.pool.add(messageId, vector, at)) {
        const late = this.chooseCentroid(evicted.vector);
        if (!late.centroid) continue;
        const themeId = this.place(evicted.vector, late.centroid, evicted.at);
        assignments.push({ messageId: evicted.messageId, themeId, similarity: late.similarity });
      }
      return assignments;
    }
    const themeId = this.nextProvisionalId--;
    this.addTheme(themeId, false);
    const created = this.newCentroid(themeId, at);
    this.addVector(created, vector, at);
    this.addWords(themeId, vector);
    const assignments: Assignment[] = [{ messageId, themeId, similarity: 1 }];
    for (const entry of similar) {
      this.pool.remove(entry.key);
      this.addVector(created, entry.vector, entry.at);
      this.addWords(themeId, entry.vector);
      assignments.push({ messageId: entry.messageId, themeId, similarity: 1 });
    }
    // Similarities against the finished centroid, so representative messages rank fairly.
    for (const assignment of assignments) {
      const vectorOf = assignment.messageId === messageId ? vector : undefined;
      const source = vectorOf ?? similar.find((e) => e.messageId === assignment.messageId)?.vector;
      if (source) assignment.similarity = this.index.cosine(created, source);
    }
    this.evictIfFull();
    return assignments;
  }

  /** Adds a vector to a theme's centroid after applying its split rules; returns the theme. */
  private place(vector: MessageVector, centroid: Centroid, at: number): number {
    const theme = this.themes.get(centroid.themeId);
    const child = theme ? this.splitTarget(theme, vector) : null;
    if (child !== null) {
      const target = this.bestCentroidOf(child, vector) ?? this.newCentroid(child, at);
      this.addVector(target, vector, at);
      this.addWords(child, vector);
      return child;
    }
    this.addVector(centroid, vector, at);
    this.addWords(centroid.themeId, vector);
    return centroid.themeId;
  }

  splitTarget(theme: ClusterTheme, vector: MessageVector): number | null {
    for (const rule of theme.splits) {
      if (vector.terms.some((term) => rule.keywords.has(term.stem))) return rule.childThemeId;
    }
    return null;
  }

  bestCentroidOf(themeId: number, vector: MessageVector): Centroid | null {
    let best: Centroid | null = null;
    let bestScore = -1;
    for (const centroid of this.centroids.values()) {
      if (centroid.themeId !== themeId) continue;
      const score = this.index.cosine(centroid, vector);
      if (score > bestScore) {
        bestScore = score;
        best = centroid;
      }
    }
    return best;
  }

  /** Gives a provisional (negative) theme id its stored id. */
  resolveTheme(provisionalId: number, id: number): void {
    const theme = this.themes.get(provisionalId);
    if (!theme) return;
    this.themes.delete(provisionalId);
    theme.id = id;
    this.themes.set(id, theme);
    for (const centroid of this.centroids.values()) {
      if (centroid.themeId === provisionalId) centroid.themeId = id;
    }
    if (this.touched.delete(provisionalId)) this.touched.add(id);
  }

  /** Moves every centroid of `fromId` to `intoId` (an analyst's merge keeps them apart). */
  mergeTheme(fromId: number, intoId: number): void {
    for (const centroid of this.centroids.values()) {
      if (centroid.themeId === fromId) centroid.themeId = intoId;
    }
    const from = this.themes.get(fromId);
    const into = this.themes.get(intoId);
    if (from && into) for (const [word, count] of from.words) bumpWord(into, word, count);
    for (const theme of this.themes.values()) {
      for (const rule of theme.splits) if (rule.childThemeId === fromId) rule.childThemeId = intoId;
    }
    this.themes.delete(fromId);
    this.touched.add(intoId);
  }

  /** Drops a theme and its centroids (a theme retired by re-clustering). */
  removeTheme(themeId: number): void {
    for (const centroid of [...this.centroids.values()]) {
      if (centroid.themeId === themeId) this.index.remove(centroid);
    }
    this.themes.delete(themeId);
  }

  /**
   * Periodic consolidation: folds an unpinned theme into another when their centroids have
   * become near-identical (single-pass clustering opens near-twins early, before the IDF
   * statistics settle). Returns the folds, absorbed first.
   */
  consolidate(): { fromId: number; intoId: number }[] {
    const folds: { fromId: number; intoId: number }[] = [];
    const ordered = [...this.centroids.values()].sort((a, b) => b.count - a.count);
    for (const small of ordered.reverse()) {
      if (!this.centroids.has(small.key)) continue;
      const smallTheme = this.themes.get(small.themeId);
      if (!smallTheme || smallTheme.pinned) continue;
      if ([...this.centroids.values()].some((c) => c.themeId === small.themeId && c !== small)) {
        continue;
      }
      const target = this.index.nearestTo(small);
      if (!target || target.similarity < this.options.mergeThreshold) continue;
      folds.push(this.fold(small, target.centroid));
    }
    this.absorbSmallThemes(folds);
    this.epoch++;
    return folds;
  }

  /**
   * Folds themes that stayed small for a whole consolidation period into the most similar
   * larger theme, when it is similar enough: without this, single-pass clustering leaves
   * hundreds of three-to-ten-message fragments of the same few topics.
   */
  private absorbSmallThemes(folds: { fromId: number; intoId: number }[]): void {
    const { minThemeVolume, absorbThreshold } = this.options;
    if (minThemeVolume <= 0 || absorbThreshold <= 0) return;
    const sizes = new Map<number, number>();
    const centroidCount = new Map<number, number>();
    for (const centroid of this.centroids.values()) {
      sizes.set(centroid.themeId, (sizes.get(centroid.themeId) ?? 0) + centroid.count);
      centroidCount.set(centroid.themeId, (centroidCount.get(centroid.themeId) ?? 0) + 1);
    }
    const small = [...this.centroids.values()]
      .filter(
        (centroid) =>
          centroidCount.get(centroid.themeId) === 1 &&
          (sizes.get(centroid.themeId) ?? 0) < minThemeVolume &&
          this.themes.get(centroid.themeId)?.pinned === false,
      )
      .sort((a, b) => a.count - b.count);
    for (const centroid of small) {
      if (!this.centroids.has(centroid.key)) continue;
      if (centroid.epoch >= this.epoch) continue; // opened during this period: let it grow
      const target = this.index.nearestTo(centroid);
      if (!target || target.similarity < absorbThreshold) continue;
      const into = target.centroid;
      if ((sizes.get(into.themeId) ?? 0) < (sizes.get(centroid.themeId) ?? 0)) continue;
      sizes.set(into.themeId, (sizes.get(into.themeId) ?? 0) + (sizes.get(centroid.themeId) ?? 0));
      folds.push(this.fold(centroid, into));
    }
  }

  /** Adds a theme's only centroid into another theme's and folds the theme into that one. */
  private fold(from: Centroid, into: Centroid): { fromId: number; intoId: number } {
    this.index.absorb(into, from);
    const fromId = from.themeId;
    this.index.remove(from);
    this.mergeTheme(fromId, into.themeId);
    return { fromId, intoId: into.themeId };
  }

  /** Themes whose state changed since the last call. */
  takeTouched(): number[] {
    const touched = [...this.touched];
    this.touched = new Set();
    return touched;
  }

  /** Evicted themes go dormant: they keep their messages but stop attracting new ones. */
  private dormant: number[] = [];

  takeDormant(): number[] {
    const dormant = this.dormant;
    this.dormant = [];
    return dormant;
  }

  private evictIfFull(): void {
    if (this.centroids.size <= this.options.maxCentroids) return;
    const pinned = (centroid: Centroid) => this.themes.get(centroid.themeId)?.pinned === true;
    const candidates = [...this.centroids.values()]
      .filter((centroid) => !pinned(centroid))
      .sort((a, b) => a.lastAt - b.lastAt || a.count - b.count);
    const excess = Math.ceil(this.options.maxCentroids * 0.1);
    for (const centroid of candidates.slice(0, excess)) {
      this.index.remove(centroid);
      if (![...this.centroids.values()].some((c) => c.themeId === centroid.themeId)) {
        this.themes.delete(centroid.themeId);
        this.dormant.push(centroid.themeId);
      }
    }
  }

  centroidsOf(themeId: number): SavedCentroid[] {
    return [...this.centroids.values()]
      .filter((centroid) => centroid.themeId === themeId)
      .map((centroid) => ({
        sums: [...centroid.sums].sort((a, b) => b[1] - a[1]),
        count: centroid.count,
        lastAt: centroid.lastAt,
      }));
  }

  newCentroid(themeId: number, at: number): Centroid {
    return this.index.create(themeId, at, this.epoch);
  }

  addVector(centroid: Centroid, vector: MessageVector, at: number): void {
    this.index.addVector(centroid, vector);
    centroid.count++;
    centroid.lastAt = Math.max(centroid.lastAt, at);
    this.touched.add(centroid.themeId);
    if (centroid.sums.size > this.options.centroidTerms * 2) this.index.prune(centroid);
  }

  addWords(themeId: number, vector: MessageVector): void {
    const theme = this.themes.get(themeId);
    if (theme) addLabelWords(theme, vector);
  }
}
