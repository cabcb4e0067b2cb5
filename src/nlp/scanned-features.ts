import {
  BIGRAM_SALT,
  BOUNDARY,
  CHAR_SEED,
  type FeatureConfig,
  type FeatureVector,
  LEXICON_NEGATIVE_HASH,
  LEXICON_POSITIVE_HASH,
  PREFIX_SEED,
  WORD_SEED,
} from './feature-hashing.js';
import type { ScannedMessage } from './message-scanner.js';
import { type Script, ScriptCounts } from './script-counts.js';
import { NEGATIVE_WORDS, POSITIVE_WORDS } from './seed-lexicons.js';
import { WordTable } from './word-table.js';

/**
 * `extractFeatures` for a scanned message: the same buckets in the same order (tested), read
 * from the scanner's hashes and character buffer instead of token strings. Several feature
 * configurations can be extracted from one scan, so a message is tokenised once for all models.
 */
const FNV_PRIME = 0x01000193;
const POSITIVE = new WordTable(POSITIVE_WORDS, WORD_SEED);
const NEGATIVE = new WordTable(NEGATIVE_WORDS, WORD_SEED);

/** Tokens `fromToken..toToken` only (default all), so a caller can score a message in chunks. */
export function extractScannedFeatures(
  scan: ScannedMessage,
  config: FeatureConfig,
  into: FeatureVector,
  fromToken = 0,
  toToken = scan.count,
): FeatureVector {
  into.count = 0;
  const mask = (1 << config.bits) - 1;
  const order = config.wordNgramOrder;
  const prefixLength = config.wordPrefixLength ?? 0;
  const charMinimum = config.charNgramMin;
  const charMaximum = config.charNgramMax;
  const lexicon = config.sentimentLexicon === true;
  const { hashes, starts, ends, chars } = scan;
  // Worst case: per token a unigram, a bigram, a prefix and a lexicon hit, plus per character
  // of a word (and its two boundaries) one n-gram of each length. Sized once, checked never.
  const lengths = charMaximum > 0 ? charMaximum - charMinimum + 1 : 0;
  ensureCapacity(into, scan.count * 4 + (scan.charCount + 2 * scan.count) * lengths + 8);
  const buckets = into.buckets;
  let count = 0;
  for (let token = fromToken; token < toToken; token++) {
    const hash = hashes[token] as number;
    if (order >= 1) buckets[count++] = avalanche(hash) & mask;
    if (order >= 2 && token > 0) {
      const previous = hashes[token - 1] as number;
      const pair =
        Math.imul(previous ^ BIGRAM_SALT ^ 0x9e3779b9, FNV_PRIME) ^ Math.imul(hash, 0x85ebca6b);
      buckets[count++] = avalanche(pair) & mask;
    }
    const start = starts[token] as number;
    if (start < 0) continue;
    const end = ends[token] as number;
    if (prefixLength > 0 && end - start > prefixLength) {
      let prefixHash = PREFIX_SEED;
      for (let position = start; position < start + prefixLength; position++) {
        prefixHash = Math.imul(prefixHash ^ (chars[position] as number), FNV_PRIME);
      }
      buckets[count++] = avalanche(prefixHash) & mask;
    }
    if (charMaximum > 0) {
      const length = end - start + 2;
      for (let first = 0; first < length; first++) {
        let charHash = CHAR_SEED;
        const last = Math.min(length, first + charMaximum);
        for (let position = first; position < last; position++) {
          const code =
            position === 0 || position === length - 1
              ? BOUNDARY
              : (chars[start + position - 1] as number);
          charHash = Math.imul(charHash ^ code, FNV_PRIME);
          const size = position - first + 1;
          if (size >= charMinimum && !(size === 1 && code === BOUNDARY)) {
            buckets[count++] = avalanche(charHash) & mask;
          }
        }
      }
    }
    if (lexicon) {
      const plain = scan.plainHashes[token] as number;
      const polarity =
        POSITIVE.lookup(plain, chars, start, end) >= 0
          ? 1
          : NEGATIVE.lookup(plain, chars, start, end) >= 0
            ? -1
            : 0;
      if (polarity !== 0) {
        const positive = scan.negated[token] === 1 ? polarity < 0 : polarity > 0;
        buckets[count++] = (positive ? LEXICON_POSITIVE_HASH : LEXICON_NEGATIVE_HASH) & mask;
      }
    }
  }
  into.count = count;
  into.scale = count === 0 ? 0 : 1 / Math.sqrt(count);
  return into;
}

function ensureCapacity(vector: FeatureVector, capacity: number): void {
  if (vector.buckets.length >= capacity) return;
  const grown = new Int32Array(capacity * 2);
  grown.set(vector.buckets.subarray(0, vector.count));
  vector.buckets = grown;
}

/** `dominantScript` over a scanned message: the character buffer holds exactly the word tokens. */
export function dominantScriptOf(scan: ScannedMessage): Script {
  const counts = new ScriptCounts();
  const chars = scan.chars;
  for (let index = 0; index < scan.charCount; index++) {
    const code = chars[index] as number;
    // Below 'a': digits, punctuation and upper case, which the scanner has already lowered.
    if (code >= 0x61) counts.add(code);
  }
  return counts.dominant();
}

/** murmur3's finaliser, as in feature-hashing.ts (local so the hot loop makes no cross-module call). */
function avalanche(hash: number): number {
  let mixed = hash ^ (hash >>> 16);
  mixed = Math.imul(mixed, 0x85ebca6b);
  mixed ^= mixed >>> 13;
  mixed = Math.imul(mixed, 0xc2b2ae35);
  return (mixed ^ (mixed >>> 16)) >>> 0;
}
