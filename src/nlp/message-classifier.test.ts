import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { temporaryFolder } from '../test/temporary-folder.js';
import { TOY_SENTIMENT } from '../test/toy-sentiment.js';
import { createClassifier } from './message-classifier.js';
import { saveModel } from './model-file.js';
import { ModelRegistry } from './model-registry.js';
import { trainModel } from './training.js';

describe('createClassifier with the shipped models', () => {
  const registry = new ModelRegistry();
  const classifier = createClassifier(registry);

  it('fills every task and records model versions', () => {
    const result = classifier.classify('My card still has not arrived, please close my account');
    expect(result.complaint.label).toBe('complaint');
    expect(result.intent.label).toBe('terminate_account');
    expect(result.language.label).toBe('english');
    expect(result.churnRisk).toEqual({ flag: true, reason: 'wants to close their account' });
    const negative = classifier.classify('This is terrible, the worst service ever, I hate it');
    expect(negative.sentiment.label).toBe('negative');
    expect(negative.sentiment.polarity).toBeLessThan(-0.5);
    expect(result.modelVersions).toEqual({
      sentiment: 'sentiment-2026.11.3',
      anger: 'anger-2026.11.3',
      complaint: 'complaint-2026.11.3',
      intent: 'intent-2026.11.3',
      language: 'language-2026.11.3',
    });
    for (const task of ['sentiment', 'anger', 'complaint', 'intent', 'language'] as const) {
      expect(result[task].score).toBeGreaterThan(0);
      expect(result[task].score).toBeLessThanOrEqual(1);
    }
  });

  it('separates happy thanks from angry abuse', () => {
    const happy = classifier.classify('Thank you so much, the team was brilliant and so helpful!');
    expect(happy.sentiment.label).toBe('positive');
    expect(happy.anger.label).toBe('other');
    expect(happy.churnRisk.flag).toBe(false);
    const angry = classifier.classify(
      'This is a disgrace, you useless idiots, I hate this company',
    );
    expect(angry.anger.label).toBe('anger');
    expect(angry.sentiment.label).toBe('negative');
  });

  it('classifies a batch in order', () => {
    const batch = classifier.classifyBatch([
      'bonjour à tous, merci beaucoup',
      'how do I top up by bank transfer?',
    ]);
    expect(batch.map((result) => result.language.label)).toEqual(['french', 'english']);
    expect(batch[1]?.intent.label).toMatch(/top_up|transfer/);
  });
});

describe('ModelRegistry', () => {
  const folder = temporaryFolder('registry');

  it('swaps in a newly activated model and refuses one for another task', () => {
    const registry = new ModelRegistry();
    const classifier = createClassifier(registry);
    const custom = trainModel(TOY_SENTIMENT, {
      task: 'sentiment',
      version: 'sentiment-custom-test',
      features: { bits: 16, wordNgramOrder: 2, charNgramMin: 0, charNgramMax: 0 },
      trainingData: 'toy',
    });
    const path = folder.file('sentiment.model.json');
    saveModel(custom, path);
    registry.setActive('sentiment', path);
    expect(classifier.classify('hello').modelVersions.sentiment).toBe('sentiment-custom-test');
    expect(() => registry.setActive('anger', path)).toThrow(/model for task sentiment, not anger/);
    registry.resetToDefault('sentiment');
    expect(classifier.classify('hello').modelVersions.sentiment).toBe('sentiment-2026.11.3');
  });

  it('names the missing file when a task has no model', () => {
    const registry = new ModelRegistry({ defaultsDirectory: tmpdir() });
    expect(() => registry.get('intent')).toThrow(/no model for task intent/);
  });
});
