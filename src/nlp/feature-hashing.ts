import { FNV_OFFSET_BASIS, finaliseHash, fnvStep, fnvString } from './hashing.js';
import { NEGATIVE_WORDS, POSITIVE_WORDS } from './seed-lexicons.js';
import { isWordToken, NEGATION_PREFIX } from './tokeniser.js';

const POSITIVE_SET = new Set(POSITIVE_WORDS);
const NEGATIVE_SET = new Set(NEGATIVE_WORDS);

/** Which features a model reads, stored in the model file so training and prediction agree. */
export interface FeatureConfig {
  /** log2 of the number of hash buckets. */
  bits: number;
  /** Highest word n-gram order: 0 none, 1 unigrams, 2 unigrams and bigrams. */
  wordNgramOrder: number;
  /** Character n-grams inside word boundaries, lengths charNgramMin..charNgramMax; 0 for none. */
  charNgramMin: number;
  charNgramMax: number;
  /**
   * Adds the first N characters of each longer word as a feature (a cheap stem: "refunded" and
   * "refunding" share "refu"); 0 or absent for none.
   */
  wordPrefixLength?: number;
  /**
   * Adds one feature per hit of the seed sentiment lexicons (polarity flipped inside a negation
   * scope): dense features that carry over to vocabulary the training data never showed.
   */
  sentimentLexicon?: boolean;
}

export function featureConfigKey(config: FeatureConfig): string {
  const lexicon = config.sentimentLexicon ? ':lexicon' : '';
  const prefix = config.wordPrefixLength ? `:prefix${config.wordPrefixLength}` : '';
  return `${config.bits}:${config.wordNgramOrder}:${config.charNgramMin}-${config.charNgramMax}${prefix}${lexicon}`;
}

export function validateFeatureConfig(config: FeatureConfig): void {
  if (!Number.isInteger(config.bits) || config.bits < 8 || config.bits > 24) {
    throw new Error(`feature bits must be an integer in 8..24, got ${config.bits}`);
  }
  if (![0, 1, 2].includes(config.wordNgramOrder)) {
    throw new Error(`wordNgramOrder must be 0, 1 or 2, got ${config.wordNgramOrder}`);
  }
  const { charNgramMin: min, charNgramMax: max } = config;
  if (max !== 0 && (min < 1 || max < min || max > 8)) {
    throw new Error(`character n-gram range ${min}-${max} is invalid`);
  }
}

/**
 * A reusable sparse feature vector: bucket indices with repeats (a repeated bucket counts twice)
 * and one shared value `scale` = 1/sqrt(count), so long messages do not dominate training.
 */
export class FeatureVector {
  buckets: Int32Array;
  count = 0;
  scale = 0;

  constructor(capacity = 512) {
    this.buckets = new Int32Array(capacity);
  }

  push(bucket: number): void {
    if (this.count === this.buckets.length) {
      const grown = new Int32Array(this.buckets.length * 2);
      grown.set(this.buckets);
      this.buckets = grown;
    }
    this.buckets[this.count++] = bucket;
  }

  /** A copy trimmed to size, for keeping a training set in memory. */
  snapshot(): FeatureVector {
    const copy = new FeatureVector(Math.max(1, this.count));
    copy.buckets.set(this.buckets.subarray(0, this.count));
    copy.count = this.count;
    copy.scale = this.scale;
    return copy;
  }
}

// Exported for the single-pass scanner (scanned-features.ts), which must hash identically.
export const WORD_SEED = fnvStep(FNV_OFFSET_BASIS, 0x77);
export const CHAR_SEED = fnvStep(FNV_OFFSET_BASIS, 0x63);
export const PREFIX_SEED = fnvStep(FNV_OFFSET_BASIS, 0x70);
export const BIGRAM_SALT = 0x2545f491;
export const BOUNDARY = 0x02;
const FNV_PRIME = 0x01000193;
export const LEXICON_POSITIVE_HASH = finaliseHash(fnvString('<lexicon:positive>', WORD_SEED));
export const LEXICON_NEGATIVE_HASH = finaliseHash(fnvString('<lexicon:negative>', WORD_SEED));

let tokenHashes = new Int32Array(256);

/** Hashes the tokens' features into `into` (cleared first) and returns it. */
export function extractFeatures(
  tokens: readonly string[],
  config: FeatureConfig,
  into: FeatureVector = new FeatureVector(),
): FeatureVector {
  into.count = 0;
  const mask = (1 << config.bits) - 1;
  if (tokens.length > tokenHashes.length) tokenHashes = new Int32Array(tokens.length * 2);
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index] as string;
    // FNV-1a inlined (as in pushCharNgrams): a cross-module call per character costs a
    // property load under some module loaders (tsx CommonJS interop), which made hashing 1.7x slower.
    let hash = WORD_SEED;
    for (let position = 0; position < token.length; position++) {
      hash = Math.imul(hash ^ token.charCodeAt(position), FNV_PRIME);
    }
    tokenHashes[index] = hash;
    if (config.wordNgramOrder >= 1) into.push(avalanche(hash) & mask);
    if (config.wordNgramOrder >= 2 && index > 0) {
      const previous = tokenHashes[index - 1] as number;
      // combineHashes(previous ^ BIGRAM_SALT, hash), inlined.
      const pair =
        Math.imul(previous ^ BIGRAM_SALT ^ 0x9e3779b9, FNV_PRIME) ^ Math.imul(hash, 0x85ebca6b);
      into.push(avalanche(pair) & mask);
    }
    const prefixLength = config.wordPrefixLength ?? 0;
    if (prefixLength > 0 && isWordToken(token)) {
      const start = token.startsWith(NEGATION_PREFIX) ? NEGATION_PREFIX.length : 0;
      if (token.length - start > prefixLength) {
        let prefixHash = PREFIX_SEED;
        for (let position = start; position < start + prefixLength; position++) {
          prefixHash = Math.imul(prefixHash ^ token.charCodeAt(position), FNV_PRIME);
        }
        into.push(avalanche(prefixHash) & mask);
      }
    }
    if (config.charNgramMax > 0 && isWordToken(token)) {
      const start = token.startsWith(NEGATION_PREFIX) ? NEGATION_PREFIX.length : 0;
      pushCharNgrams(token, start, config.charNgramMin, config.charNgramMax, mask, into);
    }
    if (config.sentimentLexicon && isWordToken(token)) {
      const negated = token.startsWith(NEGATION_PREFIX);
      const word = negated ? token.slice(NEGATION_PREFIX.length) : token;
      const polarity = POSITIVE_SET.has(word) ? 1 : NEGATIVE_SET.has(word) ? -1 : 0;
      if (polarity !== 0) {
        const positive = negated ? polarity < 0 : polarity > 0;
        into.push((positive ? LEXICON_POSITIVE_HASH : LEXICON_NEGATIVE_HASH) & mask);
      }
    }
  }
  into.scale = into.count === 0 ? 0 : 1 / Math.sqrt(into.count);
  return into;
}

/**
 * Character n-grams of `<word>` where `<` and `>` are a boundary code unit, hashed by extending
 * one running hash per start position, so no substring is ever built.
 */
function pushCharNgrams(
  token: string,
  start: number,
  minimum: number,
  maximum: number,
  mask: number,
  into: FeatureVector,
): void {
  const length = token.length - start + 2;
  for (let first = 0; first < length; first++) {
    let hash = CHAR_SEED;
    const last = Math.min(length, first + maximum);
    for (let position = first; position < last; position++) {
      const code =
        position === 0 || position === length - 1
          ? BOUNDARY
          : token.charCodeAt(start + position - 1);
      hash = Math.imul(hash ^ code, FNV_PRIME);
      const size = position - first + 1;
      if (size >= minimum && !(size === 1 && code === BOUNDARY)) {
        into.push(avalanche(hash) & mask);
      }
    }
  }
}

/** murmur3's finaliser, local so the hot loops do not call across modules. */
function avalanche(hash: number): number {
  let mixed = hash ^ (hash >>> 16);
  mixed = Math.imul(mixed, 0x85ebca6b);
  mixed ^= mixed >>> 13;
  mixed = Math.imul(mixed, 0xc2b2ae35);
  return (mixed ^ (mixed >>> 16)) >>> 0;
}
