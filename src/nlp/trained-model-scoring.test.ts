import { describe, expect, it } from 'vitest';
import { temporaryFolder } from '../test/temporary-folder.js';
import { createClassifier } from './message-classifier.js';
import { loadModel, saveModel } from './model-file.js';
import { ModelRegistry, prepareForPrediction } from './model-registry.js';
import { defaultTrainingSetup, predictorFor } from './task-runner.js';
import { type LabelledText, trainModel } from './training.js';

/** Twelve made-up intents (more than the merged scorer's dense limit), four phrasings each. */
const SUBJECTS = [
  'card',
  'transfer',
  'refund',
  'pin',
  'statement',
  'password',
  'delivery',
  'fee',
  'address',
  'limit',
  'account',
  'cash',
];
const FRAMES = [
  (subject: string) => `how do i change my ${subject}`,
  (subject: string) => `there is a problem with the ${subject} again`,
  (subject: string) => `please help me with my ${subject} today`,
  (subject: string) => `question about the ${subject} in the app`,
];
const EXAMPLES: LabelledText[] = SUBJECTS.flatMap((subject) =>
  FRAMES.map((frame) => ({ text: frame(subject), label: `${subject}_intent` })),
);
/** Texts the model never saw: mixed subjects, unseen words, near ties. */
const PROBES = [
  ...EXAMPLES.map((example) => example.text),
  'my card and my pin do not work',
  'refund the fee for the transfer',
  'where is my cash delivery',
  'change the address on my statement please',
  'the limit on my account is wrong',
  'i forgot my password and my pin',
  'something completely different',
  'how do i',
  'problem',
  '',
];

const folder = temporaryFolder('trained-intent');

describe('a trained intent model', () => {
  // As `hearken train intent` makes it (its default features and options), saved to a file.
  const { features, options } = defaultTrainingSetup('intent');
  const path = folder.file('intent.model.json');
  saveModel(
    trainModel(
      EXAMPLES,
      { task: 'intent', version: 'intent-trained-test', features, trainingData: 'made up' },
      options,
    ),
    path,
  );

  it('labels messages in the pipeline exactly as eval scores it', () => {
    // `hearken eval intent --model FILE`.
    const evalPredict = predictorFor('intent', prepareForPrediction(loadModel(path)));
    // The dense model as trained, before any preparation.
    const densePredict = predictorFor('intent', loadModel(path));
    // `hearken models activate FILE`, then classify (MessageClassifier, merged scorer).
    const registry = new ModelRegistry();
    registry.setActive('intent', path);
    const classifier = createClassifier(registry);
    let differing = 0;
    for (const text of PROBES) {
      const fromEval = evalPredict(text);
      expect(fromEval).toBe(densePredict(text));
      const classified = classifier.classify(text).intent;
      if (classified.label !== fromEval) differing++;
      expect({ text, label: classified.label }).toEqual({ text, label: fromEval });
      const probability = loadModel(path).predict(text).probabilities[fromEval] as number;
      expect(classified.score).toBeCloseTo(probability, 4);
    }
    expect(differing).toBe(0);
  });

  it('records no weight floor, while the shipped intent model keeps its own', () => {
    expect(loadModel(path).metadata.sparseWeightFloor).toBeUndefined();
    expect(new ModelRegistry().get('intent').metadata.sparseWeightFloor).toBe(0.9);
  });
});
