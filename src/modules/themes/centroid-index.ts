import type { Centroid } from './cluster-types.js';
import type { MessageVector } from './theme-vector.js';

/** Postings longer than this only generate candidates when the message has no rarer word. */
const commonPosting = 48;

/**
 * The theme clusterer's centroids with an inverted index from feature bucket to the centroids
 * that carry it, so a message is compared with the centroids that share its rarer words, not
 * with every theme. Each centroid keeps at most `centroidTerms` buckets (the heaviest) after a
 * prune. Which centroid a message joins, and when themes fold, is the clusterer's business.
 */
export class CentroidIndex {
  readonly centroids = new Map<number, Centroid>();
  private readonly postings = new Map<number, Set<number>>();
  private stamp = 0;
  private nextKey = 1;

  constructor(private readonly centroidTerms: number) {}

  create(themeId: number, at: number, epoch: number): Centroid {
    const centroid: Centroid = {
      key: this.nextKey++,
      themeId,
      sums: new Map(),
      norm2: 0,
      count: 0,
      lastAt: at,
      stamp: 0,
      epoch,
    };
    this.centroids.set(centroid.key, centroid);
    return centroid;
  }

  add(centroid: Centroid, bucket: number, value: number): void {
    const old = centroid.sums.get(bucket);
    if (old === undefined) {
      let posting = this.postings.get(bucket);
      if (!posting) {
        posting = new Set();
        this.postings.set(bucket, posting);
      }
      posting.add(centroid.key);
    }
    const updated = (old ?? 0) + value;
    centroid.sums.set(bucket, updated);
    centroid.norm2 += updated * updated - (old ?? 0) * (old ?? 0);
  }

  addVector(centroid: Centroid, vector: MessageVector): void {
    for (let index = 0; index < vector.buckets.length; index++) {
      this.add(centroid, vector.buckets[index] as number, vector.weights[index] as number);
    }
  }

  /** Adds `from`'s sums, count and last time into `into` (a fold), then prunes `into`. */
  absorb(into: Centroid, from: Centroid): void {
    for (const [bucket, value] of from.sums) this.add(into, bucket, value);
    into.count += from.count;
    into.lastAt = Math.max(into.lastAt, from.lastAt);
    this.prune(into);
  }

  /** Keeps the `centroidTerms` heaviest buckets. */
  prune(centroid: Centroid): void {
    if (centroid.sums.size <= this.centroidTerms) return;
    const kept = [...centroid.sums].sort((a, b) => b[1] - a[1]);
    for (const [bucket] of kept.slice(this.centroidTerms)) {
      centroid.sums.delete(bucket);
      this.unpost(bucket, centroid.key);
    }
    centroid.norm2 = 0;
    for (const value of centroid.sums.values()) centroid.norm2 += value * value;
  }

  remove(centroid: Centroid): void {
    for (const bucket of centroid.sums.keys()) this.unpost(bucket, centroid.key);
    this.centroids.delete(centroid.key);
  }

  private unpost(bucket: number, key: number): void {
    const posting = this.postings.get(bucket);
    posting?.delete(key);
    if (posting?.size === 0) this.postings.delete(bucket);
  }

  cosine(centroid: Centroid, vector: MessageVector): number {
    if (centroid.norm2 === 0) return 0;
    let dot = 0;
    for (let index = 0; index < vector.buckets.length; index++) {
      dot +=
        (vector.weights[index] as number) *
        (centroid.sums.get(vector.buckets[index] as number) ?? 0);
    }
    return dot / Math.sqrt(centroid.norm2);
  }

  /**
   * Scores each candidate centroid of `vector` once. Candidates come from the postings of the
   * message's rarer words: a word found in more than `commonPosting` centroids (like "flight"
   * for an airline) would make every message touch every centroid, and with its low IDF it
   * cannot lift a centroid over a threshold on its own. Candidates are then scored exactly.
   */
  forEachCandidate(
    vector: MessageVector,
    visit: (centroid: Centroid, score: number) => void,
  ): void {
    const stamp = ++this.stamp;
    const order = vector.buckets
      .map((bucket) => this.postings.get(bucket))
      .filter((posting): posting is Set<number> => posting !== undefined)
      .sort((a, b) => a.size - b.size);
    for (let index = 0; index < order.length; index++) {
      const posting = order[index] as Set<number>;
      if (index > 0 && posting.size > commonPosting) break;
      for (const key of posting) {
        const centroid = this.centroids.get(key) as Centroid;
        if (centroid.stamp === stamp) continue;
        centroid.stamp = stamp;
        visit(centroid, this.cosine(centroid, vector));
      }
    }
  }

  /** The most similar centroid of another theme (cosine between centroids), if any shares a bucket. */
  nearestTo(source: Centroid): { centroid: Centroid; similarity: number } | null {
    const scores = new Map<number, number>();
    for (const [bucket, value] of source.sums) {
      for (const key of this.postings.get(bucket) ?? []) {
        const other = this.centroids.get(key) as Centroid;
        if (other.themeId === source.themeId) continue;
        scores.set(key, (scores.get(key) ?? 0) + value * (other.sums.get(bucket) as number));
      }
    }
    let best: { centroid: Centroid; similarity: number } | null = null;
    for (const [key, dot] of scores) {
      const other = this.centroids.get(key) as Centroid;
      const similarity = dot / Math.sqrt(other.norm2 * source.norm2);
      if (!best || similarity > best.similarity) best = { centroid: other, similarity };
    }
    return best;
  }
}
