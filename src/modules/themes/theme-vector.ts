import { extractFeatures, type FeatureConfig, FeatureVector } from '../../nlp/index.js';
import { type ThemeTerm, themeTerms } from './text-features.js';

/** Centroids use the NLP library's word hashing into 2^20 buckets: words almost never collide. */
const featureConfig: FeatureConfig = {
  bits: 20,
  wordNgramOrder: 1,
  charNgramMin: 0,
  charNgramMax: 0,
};
const scratch = new FeatureVector(256);
/** Document frequencies are kept in a smaller table (2^16) that is cheap to store. */
export const documentFrequencyBits = 16;
const frequencyMask = (1 << documentFrequencyBits) - 1;

export function termBucket(stemmed: string): number {
  extractFeatures([stemmed], featureConfig, scratch);
  return scratch.buckets[0] as number;
}

/**
 * IDF statistics over every message seen: a hashed document-frequency table, so memory and
 * storage stay fixed however large the vocabulary grows.
 */
export class DocumentFrequencies {
  documents = 0;
  readonly counts: Int32Array;

  constructor(counts?: Int32Array, documents = 0) {
    this.counts = counts ?? new Int32Array(1 << documentFrequencyBits);
    this.documents = documents;
  }

  observe(buckets: readonly number[]): void {
    this.documents++;
    for (const bucket of buckets) {
      const index = bucket & frequencyMask;
      this.counts[index] = (this.counts[index] as number) + 1;
    }
  }

  idf(bucket: number): number {
    const frequency = this.counts[bucket & frequencyMask] as number;
    return Math.log((this.documents + 1) / (frequency + 1)) + 1;
  }

  serialise(): string {
    return Buffer.from(this.counts.buffer, this.counts.byteOffset, this.counts.byteLength).toString(
      'base64',
    );
  }

  static deserialise(text: string, documents: number): DocumentFrequencies {
    const bytes = Buffer.from(text, 'base64');
    const counts = new Int32Array(1 << documentFrequencyBits);
    if (bytes.byteLength === counts.byteLength) {
      new Uint8Array(counts.buffer).set(bytes);
      return new DocumentFrequencies(counts, documents);
    }
    return new DocumentFrequencies();
  }
}

/** A message as the clusterer sees it: unit-length TF-IDF weights over hashed stems. */
export interface MessageVector {
  buckets: number[];
  weights: number[];
  terms: ThemeTerm[];
}

/** The distinct buckets of a message's terms (what document frequencies count). */
export function distinctBuckets(terms: readonly ThemeTerm[]): Map<number, number> {
  const counts = new Map<number, number>();
  extractFeatures(
    terms.map((term) => term.stem),
    featureConfig,
    scratch,
  );
  for (let index = 0; index < scratch.count; index++) {
    const bucket = scratch.buckets[index] as number;
    counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
  }
  return counts;
}

/**
 * A word seen in fewer messages than this weighs as if seen in this many. Without the floor, the
 * one-off words of a short message (a city, a name, a typo) carry most of its weight, so it is
 * far from every theme even when it says "delayed" or "lost bag"; a word that rare cannot define
 * a theme anyway. Chosen by the themes evaluation (2 to 50 tried; see benchmarks).
 */
export const rareWordFloor = 10;

/** The IDF ceiling that `rareWordFloor` implies for the documents seen so far (at least 1). */
export function idfCeiling(frequencies: DocumentFrequencies): number {
  return Math.max(1, Math.log((frequencies.documents + 1) / (rareWordFloor + 1)) + 1);
}

/** Sublinear TF times IDF (capped for rare words), normalised to unit length. */
export function weigh(
  terms: ThemeTerm[],
  counts: Map<number, number>,
  frequencies: DocumentFrequencies,
): MessageVector {
  const buckets: number[] = [];
  const weights: number[] = [];
  let norm = 0;
  const ceiling = idfCeiling(frequencies);
  for (const [bucket, count] of counts) {
    const weight = (1 + Math.log(count)) * Math.min(frequencies.idf(bucket), ceiling);
    buckets.push(bucket);
    weights.push(weight);
    norm += weight * weight;
  }
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (let index = 0; index < weights.length; index++) {
    weights[index] = (weights[index] as number) * scale;
  }
  return { buckets, weights, terms };
}

/** Tokenises, updates the IDF statistics (when `learn`), and weighs. */
export function vectorise(
  text: string,
  frequencies: DocumentFrequencies,
  learn: boolean,
): MessageVector {
  const terms = themeTerms(text);
  const counts = distinctBuckets(terms);
  if (learn && counts.size > 0) frequencies.observe([...counts.keys()]);
  return weigh(terms, counts, frequencies);
}
