import { averageFigures, type EvaluationFigures, evaluatePredictions } from './evaluation.js';
import type { FeatureConfig } from './feature-hashing.js';
import type { HashedLinearModel } from './hashed-linear-model.js';
import { LANGUAGE_FEATURES, LanguageIdentifier } from './language-identifier.js';
import type { SentimentBaseline } from './lexicon-baselines.js';
import type { MessageClassifier } from './message-classifier.js';
import { fixedLabels, type Task } from './tasks.js';
import {
  type LabelledText,
  stratifiedFolds,
  stratifiedSplit,
  type TrainingOptions,
  trainModel,
} from './training.js';

/**
 * Defaults for `hearken train` per task, chosen by the measurements in docs/nlp-figures.md:
 * an organisation's own labelled data is in-domain, so character n-grams pay off there.
 */
export function defaultTrainingSetup(task: Task): {
  features: FeatureConfig;
  options: Partial<TrainingOptions>;
} {
  switch (task) {
    case 'language':
      return { features: LANGUAGE_FEATURES, options: { epochs: 10, learningRate: 0.2 } };
    case 'intent':
      // Three shuffles averaged (bagging): +0.004-0.005 accuracy on two seeded hold-outs.
      return {
        features: { bits: 18, wordNgramOrder: 2, charNgramMin: 3, charNgramMax: 5 },
        options: { epochs: 10, learningRate: 0.2, ensembleSize: 3 },
      };
    default:
      return {
        features: {
          bits: 18,
          wordNgramOrder: 2,
          charNgramMin: 3,
          charNgramMax: 5,
          sentimentLexicon: task === 'sentiment',
        },
        options: { epochs: 15, learningRate: 0.02 },
      };
  }
}

export interface TrainTaskRequest {
  task: Task;
  examples: readonly LabelledText[];
  version: string;
  trainingData: string;
  options?: Partial<TrainingOptions>;
  features?: FeatureConfig;
}

function labelsFor(task: Task, examples: readonly LabelledText[]): string[] {
  const fixed = fixedLabels(task);
  const present = new Set(examples.map((example) => example.label));
  if (fixed) return fixed.filter((label) => present.has(label));
  return [...present].sort();
}

export function trainTask(request: TrainTaskRequest): HashedLinearModel {
  const setup = defaultTrainingSetup(request.task);
  return trainModel(
    request.examples,
    {
      task: request.task,
      version: request.version,
      features: request.features ?? setup.features,
      trainingData: request.trainingData,
      labels: labelsFor(request.task, request.examples),
    },
    { ...setup.options, ...request.options },
  );
}

/**
 * Seconds of CPU time this process spent in `work`. Throughput is reported per CPU second, not
 * per wall-clock second, so a busy shared machine does not understate it; on an idle machine the
 * two agree, since classification is single-threaded.
 */
export function cpuSeconds(work: () => void): number {
  const started = process.cpuUsage();
  work();
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1e6;
}

export interface MeasuredRun {
  figures: EvaluationFigures;
  messagesPerSecond: number;
}

/** Predicts every example with the task's full path (tokenise, hash, score) and times it. */
export function measureModel(
  task: Task,
  model: HashedLinearModel,
  examples: readonly LabelledText[],
): MeasuredRun {
  const predict = predictorFor(task, model);
  let predicted: string[] = [];
  const seconds = cpuSeconds(() => {
    predicted = examples.map((example) => predict(example.text));
  });
  const gold = examples.map((example) => example.label);
  const labels = [...new Set([...model.labels.filter((label) => gold.includes(label)), ...gold])];
  return {
    figures: evaluatePredictions(gold, predicted, labels.sort()),
    messagesPerSecond: seconds === 0 ? Number.POSITIVE_INFINITY : examples.length / seconds,
  };
}

export function predictorFor(task: Task, model: HashedLinearModel): (text: string) => string {
  if (task === 'language') {
    const identifier = new LanguageIdentifier(model);
    return (text) => identifier.identify(text).label;
  }
  return (text) => model.predict(text).label;
}

export function measureBaseline(
  baseline: SentimentBaseline,
  examples: readonly LabelledText[],
): MeasuredRun {
  let predicted: string[] = [];
  const seconds = cpuSeconds(() => {
    predicted = examples.map((example) => baseline.classify(example.text));
  });
  return {
    figures: evaluatePredictions(
      examples.map((example) => example.label),
      predicted,
      [...new Set(examples.map((example) => example.label))].sort(),
    ),
    messagesPerSecond: seconds === 0 ? Number.POSITIVE_INFINITY : examples.length / seconds,
  };
}

/** Held-out figures: a seeded stratified split (`folds` = 0) or k-fold cross-validation. */
export function heldOutFigures(
  request: TrainTaskRequest,
  validation: { folds: number; testFraction: number; seed: number },
): { figures: EvaluationFigures; description: string } {
  if (validation.folds >= 2) {
    const folds = stratifiedFolds(request.examples, validation.folds, validation.seed);
    const results = folds.map((test, index) => {
      const train = folds.filter((_, other) => other !== index).flat();
      const model = trainTask({ ...request, examples: train });
      return measureModel(request.task, model, test).figures;
    });
    return {
      figures: averageFigures(results),
      description: `${validation.folds}-fold stratified cross-validation (seed ${validation.seed})`,
    };
  }
  const { train, test } = stratifiedSplit(
    request.examples,
    validation.testFraction,
    validation.seed,
  );
  const model = trainTask({ ...request, examples: train });
  return {
    figures: measureModel(request.task, model, test).figures,
    description: `held-out stratified ${Math.round(validation.testFraction * 100)}% (seed ${validation.seed})`,
  };
}

/**
 * Messages per second through the full multi-task `classify` (tokenise once, hash, score
 * sentiment, anger, complaint, intent, language, churn rules), on one core, after a warm-up pass.
 */
export function measureClassifierThroughput(
  classifier: MessageClassifier,
  texts: readonly string[],
  rounds = 3,
): number {
  if (texts.length === 0) return 0;
  for (const text of texts) classifier.classify(text);
  const seconds = cpuSeconds(() => {
    for (let round = 0; round < rounds; round++) {
      for (const text of texts) classifier.classify(text);
    }
  });
  return (texts.length * rounds) / seconds;
}
