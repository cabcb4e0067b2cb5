import { describe, expect, it } from 'vitest';
import { TOY_SENTIMENT } from '../test/toy-sentiment.js';
import type { FeatureConfig } from './feature-hashing.js';
import type { HashedLinearModel } from './hashed-linear-model.js';
import { deserialiseModel, serialiseModel } from './model-file.js';
import { stratifiedFolds, stratifiedSplit, trainModel } from './training.js';

const FEATURES: FeatureConfig = { bits: 16, wordNgramOrder: 2, charNgramMin: 3, charNgramMax: 4 };
const describeToy = {
  task: 'sentiment',
  version: 'sentiment-test.1',
  features: FEATURES,
  trainingData: 'toy',
};

describe('trainModel', () => {
  it('learns a small three-class problem and generalises to unseen phrasings', () => {
    const model = trainModel(TOY_SENTIMENT, describeToy, { epochs: 30, learningRate: 0.3 });
    expect(model.labels).toEqual(['negative', 'neutral', 'positive']);
    for (const example of TOY_SENTIMENT)
      expect(model.predict(example.text).label).toBe(example.label);
    expect(model.predict('thank you, wonderful and friendly').label).toBe('positive');
    expect(model.predict('horrible, still broken and late').label).toBe('negative');
    const prediction = model.predict('i love it');
    const total = Object.values(prediction.probabilities).reduce((sum, value) => sum + value, 0);
    expect(total).toBeCloseTo(1, 6);
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const first = trainModel(TOY_SENTIMENT, describeToy, { seed: 5, epochs: 3 });
    const second = trainModel(TOY_SENTIMENT, describeToy, { seed: 5, epochs: 3 });
    const third = trainModel(TOY_SENTIMENT, describeToy, { seed: 6, epochs: 3 });
    expect(first.rowCount).toBe(second.rowCount);
    expect([...first.weights]).toEqual([...second.weights]);
    expect([...first.weights]).not.toEqual([...third.weights]);
  });

  it('can return averaged weights, which still fit the data', () => {
    const averaged = trainModel(TOY_SENTIMENT, describeToy, {
      epochs: 30,
      learningRate: 0.3,
      averaged: true,
    });
    const last = trainModel(TOY_SENTIMENT, describeToy, { epochs: 30, learningRate: 0.3 });
    expect([...averaged.weights]).not.toEqual([...last.weights]);
    for (const example of TOY_SENTIMENT)
      expect(averaged.predict(example.text).label).toBe(example.label);
  });

  it('balances classes so a rare class is still predicted', () => {
    const skewed = [
      ...Array.from({ length: 40 }, (_, index) => ({
        text: `fine thing number ${index}`,
        label: 'other',
      })),
      { text: 'furious and outraged', label: 'anger' },
      { text: 'outraged and furious again', label: 'anger' },
    ];
    const features = { ...FEATURES, charNgramMax: 0 };
    const task = { ...describeToy, task: 'anger', features };
    const balanced = trainModel(skewed, task, { classWeighting: 'balanced', epochs: 5 });
    expect(balanced.predict('furious').label).toBe('anger');
  });

  it('averages the weights of models trained on successive seeds (ensembleSize)', () => {
    const options = { epochs: 4, learningRate: 0.3, seed: 7 };
    const first = trainModel(TOY_SENTIMENT, describeToy, options);
    const second = trainModel(TOY_SENTIMENT, describeToy, { ...options, seed: 8 });
    const ensemble = trainModel(TOY_SENTIMENT, describeToy, { ...options, ensembleSize: 2 });
    const again = trainModel(TOY_SENTIMENT, describeToy, { ...options, ensembleSize: 2 });
    expect([...ensemble.weights]).toEqual([...again.weights]);
    const buckets = ensemble.populatedBuckets();
    expect(buckets).toEqual(first.populatedBuckets());
    let compared = 0;
    for (const bucket of buckets) {
      for (let label = 0; label < ensemble.labelCount; label++) {
        const at = (model: typeof ensemble): number =>
          model.weights[(model.rowOfBucket[bucket] as number) * model.labelCount + label] as number;
        expect(at(ensemble)).toBeCloseTo((at(first) + at(second)) / 2, 5);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(100);
    for (let label = 0; label < ensemble.labelCount; label++) {
      expect(ensemble.bias[label]).toBeCloseTo(
        ((first.bias[label] as number) + (second.bias[label] as number)) / 2,
        5,
      );
    }
    expect(ensemble.metadata.trainingParameters).toMatchObject({ ensembleSize: 2 });
    // A single model records no ensembleSize, so files made before the option stay identical.
    expect(first.metadata.trainingParameters).not.toHaveProperty('ensembleSize');
    expect(() => trainModel(TOY_SENTIMENT, describeToy, { ensembleSize: 0 })).toThrow(
      /ensembleSize/,
    );
  });

  it('starts every ensemble member from the initial weights and records their description', () => {
    const bucket = 12345;
    const initialWeights = {
      description: 'test prior',
      apply(model: HashedLinearModel) {
        const base = model.ensureRow(bucket) * model.labelCount;
        model.weights[base] = -2;
        model.weights[base + 2] = 2;
      },
    };
    const weightAt = (model: HashedLinearModel, label: number): number =>
      model.weights[(model.rowOfBucket[bucket] as number) * model.labelCount + label] as number;
    // No epochs: the model is the prior, for one model and for the average of two.
    for (const ensembleSize of [1, 2]) {
      const untrained = trainModel(TOY_SENTIMENT, describeToy, {
        epochs: 0,
        ensembleSize,
        initialWeights,
      });
      expect([weightAt(untrained, 0), weightAt(untrained, 1), weightAt(untrained, 2)]).toEqual([
        -2, 0, 2,
      ]);
      expect(untrained.metadata.trainingParameters).toMatchObject({ initialWeights: 'test prior' });
    }
    // Trained: an ensemble of two is the average of the two members, each started from the prior.
    const options = { epochs: 3, learningRate: 0.3, seed: 3, initialWeights };
    const first = trainModel(TOY_SENTIMENT, describeToy, options);
    const second = trainModel(TOY_SENTIMENT, describeToy, { ...options, seed: 4 });
    const ensemble = trainModel(TOY_SENTIMENT, describeToy, { ...options, ensembleSize: 2 });
    for (const bucketOfRow of ensemble.populatedBuckets()) {
      const row = (model: HashedLinearModel) => model.rowOfBucket[bucketOfRow] as number;
      for (let label = 0; label < 3; label++) {
        const at = (model: HashedLinearModel) =>
          model.weights[row(model) * model.labelCount + label] as number;
        expect(at(ensemble)).toBeCloseTo((at(first) + at(second)) / 2, 5);
      }
    }
    // Without the option nothing is recorded, so files of models without a prior do not change.
    const plain = trainModel(TOY_SENTIMENT, describeToy, { epochs: 3 });
    expect(plain.metadata.trainingParameters).not.toHaveProperty('initialWeights');
    expect(plain.rowOfBucket[bucket]).toBe(-1);
  });

  it('rejects examples whose label is outside the given label set', () => {
    expect(() =>
      trainModel([{ text: 'x', label: 'maybe' }], { ...describeToy, labels: ['a', 'b'] }),
    ).toThrow(/label "maybe"/);
  });
});

describe('model files', () => {
  it('round-trips header and predictions through the int8 format', () => {
    const model = trainModel(TOY_SENTIMENT, describeToy, { epochs: 20 });
    const json = serialiseModel(model);
    const header = JSON.parse(json);
    expect(header).toMatchObject({
      format: 'hearken-hashed-linear-model',
      task: 'sentiment',
      version: 'sentiment-test.1',
      labels: ['negative', 'neutral', 'positive'],
      features: FEATURES,
      trainingData: 'toy',
    });
    expect(header.weightsSha256).toMatch(/^[0-9a-f]{64}$/);
    const loaded = deserialiseModel(json);
    for (const { text } of TOY_SENTIMENT) {
      const original = model.predict(text);
      const restored = loaded.predict(text);
      expect(restored.label).toBe(original.label);
      expect(restored.score).toBeCloseTo(original.score, 2);
    }
  });

  it('refuses weights that do not match their sha256', () => {
    const header = JSON.parse(
      serialiseModel(trainModel(TOY_SENTIMENT, describeToy, { epochs: 2 })),
    );
    const bytes = Buffer.from(header.weights, 'base64');
    bytes[bytes.length - 1] = ((bytes[bytes.length - 1] ?? 0) + 1) & 0xff;
    header.weights = bytes.toString('base64');
    expect(() => deserialiseModel(JSON.stringify(header), 'tampered.json')).toThrow(/sha256/);
    expect(() => deserialiseModel('{"format":"other"}', 'x.json')).toThrow(/not a Hearken model/);
  });

  it('keeps predictions when compacted for sparse scoring', () => {
    const model = trainModel(TOY_SENTIMENT, describeToy, { epochs: 20 });
    const before = TOY_SENTIMENT.map(({ text }) => model.predict(text).label);
    const kept = model.compactForPrediction(0.01);
    expect(kept).toBeLessThan(1);
    expect(TOY_SENTIMENT.map(({ text }) => model.predict(text).label)).toEqual(before);
  });
});

describe('splits', () => {
  it('stratifies the held-out split and the folds', () => {
    const { train, test } = stratifiedSplit(TOY_SENTIMENT, 0.25, 1);
    expect(test).toHaveLength(6);
    expect(train).toHaveLength(18);
    expect(test.filter((example) => example.label === 'positive')).toHaveLength(2);
    const folds = stratifiedFolds(TOY_SENTIMENT, 4, 1);
    expect(folds.map((fold) => fold.length)).toEqual([6, 6, 6, 6]);
    expect(new Set(folds.flat().map((example) => example.text)).size).toBe(24);
  });
});
