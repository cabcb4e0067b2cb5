import { describe, expect, it } from 'vitest';
import { TOY_SENTIMENT } from '../test/toy-sentiment.js';
import { extractFeatures, type FeatureConfig, FeatureVector } from './feature-hashing.js';
import { MergedScorer } from './merged-scorer.js';
import { tokenise } from './tokeniser.js';
import { trainModel } from './training.js';

const FEATURES: FeatureConfig = { bits: 14, wordNgramOrder: 2, charNgramMin: 0, charNgramMax: 0 };

const sentiment = trainModel(TOY_SENTIMENT, {
  task: 'sentiment',
  version: 's',
  features: FEATURES,
  trainingData: 'toy',
});
// Ten labels, so the merged scorer stores this model sparsely.
const topics = trainModel(
  TOY_SENTIMENT.map((example, index) => ({ text: example.text, label: `topic${index % 10}` })),
  { task: 'intent', version: 'i', features: FEATURES, trainingData: 'toy' },
  { epochs: 30, learningRate: 0.5 },
);

describe('MergedScorer', () => {
  it('gives the same probabilities as scoring each model alone', () => {
    const scorer = new MergedScorer([sentiment, topics], 0);
    const vector = new FeatureVector();
    const merged = new Float64Array(10);
    const alone = new Float64Array(10);
    for (const { text } of [...TOY_SENTIMENT, { text: 'an unseen sentence entirely' }]) {
      extractFeatures(tokenise(text), FEATURES, vector);
      scorer.accumulate(vector);
      for (const [index, model] of [sentiment, topics].entries()) {
        scorer.probabilitiesOf(index, vector.scale, merged);
        model.scoreInto(vector, alone);
        for (let label = 0; label < model.labelCount; label++) {
          expect(merged[label]).toBeCloseTo(alone[label] as number, 5);
        }
      }
    }
  });

  it('refuses models that read different features', () => {
    const other = trainModel(TOY_SENTIMENT, {
      task: 'sentiment',
      version: 'other',
      features: { ...FEATURES, wordNgramOrder: 1 },
      trainingData: 'toy',
    });
    expect(() => new MergedScorer([sentiment, other])).toThrow(/reads different features/);
  });
});
