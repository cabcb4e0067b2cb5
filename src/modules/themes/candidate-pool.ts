import type { MessageVector } from './theme-vector.js';

/** Postings longer than this only generate candidates when the message has no rarer word. */
const commonPosting = 48;

export interface PoolEntry {
  key: number;
  messageId: number;
  vector: MessageVector;
  weights: Map<number, number>;
  at: number;
}

/**
 * Recent messages that fit no theme yet. A new theme opens only when a message finds enough
 * similar ones here, so one-off messages do not each become a theme. Bounded: the oldest entry
 * leaves when a new one arrives at capacity. Lookups go through an inverted index, so a message
 * is compared only with entries that share a word with it.
 */
export class CandidatePool {
  private readonly entries = new Map<number, PoolEntry>();
  private readonly postings = new Map<number, Set<number>>();
  private nextKey = 1;
  private readonly seen = new Set<number>();

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.entries.size;
  }

  /** Adds a message; returns the oldest entries it pushed out of a full pool. */
  add(messageId: number, vector: MessageVector, at: number): PoolEntry[] {
    const evicted: PoolEntry[] = [];
    if (vector.buckets.length === 0 || this.capacity === 0) return evicted;
    while (this.entries.size >= this.capacity) {
      const oldest = this.entries.values().next().value as PoolEntry;
      evicted.push(oldest);
      this.remove(oldest.key);
    }
    const key = this.nextKey++;
    const weights = new Map<number, number>();
    for (let index = 0; index < vector.buckets.length; index++) {
      const bucket = vector.buckets[index] as number;
      weights.set(bucket, vector.weights[index] as number);
      let posting = this.postings.get(bucket);
      if (!posting) {
        posting = new Set();
        this.postings.set(bucket, posting);
      }
      posting.add(key);
    }
    this.entries.set(key, { key, messageId, vector, weights, at });
    return evicted;
  }

  /**
   * Entries at least `threshold` similar (cosine) to `vector`, most similar first. As for
   * centroids, only the postings of the message's rarer words generate candidates.
   */
  similar(vector: MessageVector, threshold: number): PoolEntry[] {
    const order = vector.buckets
      .map((bucket) => this.postings.get(bucket))
      .filter((posting): posting is Set<number> => posting !== undefined)
      .sort((a, b) => a.size - b.size);
    this.seen.clear();
    const found: { entry: PoolEntry; score: number }[] = [];
    for (let index = 0; index < order.length; index++) {
      const posting = order[index] as Set<number>;
      if (index > 0 && posting.size > commonPosting) break;
      for (const key of posting) {
        if (this.seen.has(key)) continue;
        this.seen.add(key);
        const entry = this.entries.get(key) as PoolEntry;
        let score = 0;
        for (let position = 0; position < vector.buckets.length; position++) {
          const weight = entry.weights.get(vector.buckets[position] as number);
          if (weight !== undefined) score += weight * (vector.weights[position] as number);
        }
        if (score >= threshold) found.push({ entry, score });
      }
    }
    found.sort((a, b) => b.score - a.score);
    return found.map((item) => item.entry);
  }

  remove(key: number): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    for (const bucket of entry.vector.buckets) {
      const posting = this.postings.get(bucket);
      posting?.delete(key);
      if (posting?.size === 0) this.postings.delete(bucket);
    }
    this.entries.delete(key);
  }

  messageIds(): number[] {
    return [...this.entries.values()].map((entry) => entry.messageId);
  }
}
