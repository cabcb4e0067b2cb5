import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../platform/seeded-random.js';
import {
  extractFeatures,
  type FeatureConfig,
  FeatureVector,
  featureConfigKey,
} from './feature-hashing.js';
import { combineHashes, finaliseHash, fnvString } from './hashing.js';
import { tokenise } from './tokeniser.js';

const WORDS: FeatureConfig = { bits: 18, wordNgramOrder: 2, charNgramMin: 0, charNgramMax: 0 };
const CHARS: FeatureConfig = { bits: 12, wordNgramOrder: 0, charNgramMin: 2, charNgramMax: 3 };

describe('hashing', () => {
  it('computes FNV-1a 32-bit reference values', () => {
    expect(fnvString('') >>> 0).toBe(0x811c9dc5);
    expect(fnvString('a') >>> 0).toBe(0xe40c292c);
    expect(fnvString('foobar') >>> 0).toBe(0xbf9cf968);
  });

  it('avalanches and combines order-dependently', () => {
    expect(finaliseHash(1)).not.toBe(finaliseHash(2));
    expect(combineHashes(1, 2)).not.toBe(combineHashes(2, 1));
  });
});

describe('extractFeatures', () => {
  it('emits one unigram per token and one bigram per adjacent pair', () => {
    const vector = extractFeatures(tokenise('late again today'), WORDS);
    expect(vector.count).toBe(3 + 2);
    expect(vector.scale).toBeCloseTo(1 / Math.sqrt(5));
  });

  it('emits character n-grams inside word boundaries', () => {
    // "<ab>" has 3 bigrams and 2 trigrams.
    expect(extractFeatures(['ab'], CHARS).count).toBe(5);
    // Placeholders and punctuation get no character n-grams.
    expect(extractFeatures(['<url>', '!'], CHARS).count).toBe(0);
  });

  it('gives a negated word its own unigram but the same character n-grams', () => {
    const plain = extractFeatures(['good'], { ...CHARS, wordNgramOrder: 1 }).snapshot();
    const negated = extractFeatures(['NEG_good'], { ...CHARS, wordNgramOrder: 1 }).snapshot();
    expect(plain.buckets[0]).not.toBe(negated.buckets[0]);
    expect([...plain.buckets.subarray(1)]).toEqual([...negated.buckets.subarray(1)]);
  });

  it('is deterministic, stays inside the bucket space and reuses its buffer', () => {
    const random = new SeededRandom(3);
    const vector = new FeatureVector(4);
    for (let round = 0; round < 50; round++) {
      const text = Array.from({ length: 1 + random.nextInt(20) }, () =>
        String.fromCharCode(97 + random.nextInt(26)).repeat(1 + random.nextInt(6)),
      ).join(' ');
      extractFeatures(tokenise(text), CHARS, vector);
      const first = [...vector.buckets.subarray(0, vector.count)];
      expect(first.every((bucket) => bucket >= 0 && bucket < 1 << CHARS.bits)).toBe(true);
      extractFeatures(tokenise(text), CHARS, vector);
      expect([...vector.buckets.subarray(0, vector.count)]).toEqual(first);
    }
  });

  it('adds lexicon features with polarity flipped under negation', () => {
    const config: FeatureConfig = { ...WORDS, wordNgramOrder: 0, sentimentLexicon: true };
    const positive = extractFeatures(tokenise('great'), config).snapshot();
    const negated = extractFeatures(tokenise('not great'), config).snapshot();
    const negative = extractFeatures(tokenise('awful'), config).snapshot();
    expect(positive.count).toBe(1);
    expect(negated.buckets[0]).toBe(negative.buckets[0]);
    expect(featureConfigKey(config)).toContain('lexicon');
  });
});
