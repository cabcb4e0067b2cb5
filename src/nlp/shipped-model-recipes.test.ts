import { describe, expect, it } from 'vitest';
import { TOY_SENTIMENT } from '../test/toy-sentiment.js';
import { extractFeatures } from './feature-hashing.js';
import {
  lexiconPrior,
  MESSAGE_FEATURES,
  parseVaderLexicon,
  trainShippedIntent,
  trainShippedSentiment,
} from './shipped-model-recipes.js';

/** Made-up lines in the layout of `vader_lexicon.txt` (token, mean, sd, ten ratings). */
const LEXICON_TEXT = [
  'splendiferous\t3.1\t0.7\t[3, 3, 4, 3, 2, 3, 4, 3, 3, 3]',
  'grotty\t-2.4\t0.8\t[-2, -3, -2, -3, -1, -2, -3, -2, -3, -3]',
  'happy\t2.7\t0.6\t[3, 3, 2, 3, 3, 2, 3, 3, 2, 3]',
  ':-)\t1.6\t0.5\t[2, 1, 2, 2, 1, 2, 1, 2, 2, 1]',
  'not bad\t1.0\t0.5\t[1, 1, 1, 1, 1, 1, 1, 1, 1, 1]',
  '',
].join('\n');

const bucketOf = (token: string): number =>
  extractFeatures([token], {
    bits: MESSAGE_FEATURES.bits,
    wordNgramOrder: 1,
    charNgramMin: 0,
    charNgramMax: 0,
  }).buckets[0] as number;
const rated = (texts: typeof TOY_SENTIMENT) =>
  texts.map(({ text, label }) => ({
    text,
    rating: label === 'positive' ? 2 : label === 'negative' ? -2 : 0,
  }));

describe('the VADER lexicon prior of the shipped sentiment model', () => {
  it('parses the lexicon file', () => {
    expect(parseVaderLexicon(LEXICON_TEXT)).toEqual([
      { word: 'splendiferous', rating: 3.1 },
      { word: 'grotty', rating: -2.4 },
      { word: 'happy', rating: 2.7 },
      { word: ':-)', rating: 1.6 },
      { word: 'not bad', rating: 1.0 },
    ]);
    expect(() => parseVaderLexicon('word\tmany')).toThrow(/bad rating/);
  });

  it('starts one-word entries from their rating, so unseen lexicon words carry their sign', () => {
    const lexicon = parseVaderLexicon(LEXICON_TEXT);
    const tweets = [...rated(TOY_SENTIMENT), { text: 'i am not happy today', rating: -1.5 }];
    const withPrior = trainShippedSentiment(tweets, lexicon, { scale: 0.4, neutral: 0.5 });
    const without = trainShippedSentiment(tweets);
    // Two one-word entries the training tweets never contain.
    expect(withPrior.predict('splendiferous').label).toBe('positive');
    expect(withPrior.predict('grotty').label).toBe('negative');
    expect(without.rowOfBucket[bucketOf('splendiferous')]).toBe(-1);
    const row = withPrior.rowOfBucket[bucketOf('splendiferous')] as number;
    const weights = [...withPrior.weights.subarray(row * 3, row * 3 + 3)];
    // Untouched by training: exactly the prior (negative, neutral, positive).
    expect(weights[0]).toBeCloseTo(-0.4 * 3.1, 5);
    expect(weights[1]).toBeCloseTo(-0.4 * 0.5 * 3.1, 5);
    expect(weights[2]).toBeCloseTo(0.4 * 3.1, 5);
    // A negated form gets a row only when the tweets contain it ("not happy" does).
    expect(withPrior.rowOfBucket[bucketOf('NEG_happy')]).not.toBe(-1);
    expect(withPrior.rowOfBucket[bucketOf('NEG_splendiferous')]).toBe(-1);
    // Emoticons and phrases are not word unigrams: skipped.
    expect(
      lexiconPrior(lexicon, MESSAGE_FEATURES, { scale: 1, neutral: 1 }, 'x').description,
    ).toMatch(/^x: 3 one-word entries/);
    expect(withPrior.metadata.trainingParameters?.initialWeights).toMatch(/VADER lexicon/);
    expect(without.metadata.trainingParameters).not.toHaveProperty('initialWeights');
  });

  it('records the sparse-weight floor only for the shipped intent recipe', () => {
    const intents = TOY_SENTIMENT.map(({ text }, index) => ({ text, label: `i${index % 10}` }));
    expect(trainShippedIntent(intents).metadata.sparseWeightFloor).toBe(0.9);
    expect(trainShippedSentiment(rated(TOY_SENTIMENT)).metadata).not.toHaveProperty(
      'sparseWeightFloor',
    );
  });
});
