import { SeededRandom } from '../platform/seeded-random.js';
import { extractFeatures, type FeatureConfig, FeatureVector } from './feature-hashing.js';
import { HashedLinearModel, type ModelMetadata } from './hashed-linear-model.js';
import { tokenise } from './tokeniser.js';

export interface LabelledText {
  text: string;
  label: string;
}

export interface TrainingOptions {
  epochs: number;
  /** AdaGrad base step. */
  learningRate: number;
  /** L2 penalty, applied lazily to the weights a message touches. */
  l2: number;
  seed: number;
  /** 'balanced' weighs each class by n / (classes * n_class), as scikit-learn does. */
  classWeighting: 'balanced' | 'none';
  /**
   * Return the average of the weights over all steps instead of the last ones (averaged SGD),
   * which smooths the noise of the final updates.
   */
  averaged: boolean;
  /**
   * Number of models trained on different shuffles (seeds seed, seed+1, ...) whose weights and
   * biases are averaged into the one model returned (bagging over shuffle orders). Over the same
   * hashed features the average of linear models is itself one linear model, so the file format
   * and the scoring paths do not change; training takes this many times longer.
   */
  ensembleSize: number;
  /**
   * Starting weights (a prior), e.g. from a sentiment lexicon. Applied to every ensemble member
   * after its weights are zeroed and the rows of the training features exist; it may add rows for
   * features the examples never show (they keep their starting weights). Recorded in the model's
   * trainingParameters as `initialWeights` (its description) only when given.
   */
  initialWeights?: InitialWeights;
}

export interface InitialWeights {
  /** Plain-language description, recorded in the model file, e.g. the source and its scale. */
  description: string;
  /** Writes the starting weights into a model whose weights and biases are all zero. */
  apply(model: HashedLinearModel): void;
}

const DEFAULT_TRAINING_OPTIONS: TrainingOptions = {
  epochs: 10,
  learningRate: 0.5,
  l2: 1e-5,
  seed: 1,
  classWeighting: 'balanced',
  averaged: false,
  ensembleSize: 1,
};

export interface ModelDescription {
  task: string;
  version: string;
  features: FeatureConfig;
  trainingData: string;
  /** Label order in the model; defaults to the sorted distinct labels of the examples. */
  labels?: string[];
  /** Fixed for shipped models so regenerating them gives identical files. */
  createdAt?: string;
  /** Recorded in the model file; see `ModelMetadata.sparseWeightFloor`. */
  sparseWeightFloor?: number;
}

interface PreparedExample {
  vector: FeatureVector;
  label: number;
}

function prepareExamples(
  examples: readonly LabelledText[],
  features: FeatureConfig,
  labels: readonly string[],
): PreparedExample[] {
  const labelIndex = new Map(labels.map((label, index) => [label, index]));
  const scratch = new FeatureVector();
  return examples.map((example) => {
    const label = labelIndex.get(example.label);
    if (label === undefined) throw new Error(`label "${example.label}" is not in the label set`);
    return { vector: extractFeatures(tokenise(example.text), features, scratch).snapshot(), label };
  });
}

/**
 * Trains softmax regression with per-weight AdaGrad. Deterministic: the same examples, options
 * and seed give bit-identical weights, so shipped models can be regenerated and diffed.
 */
export function trainModel(
  examples: readonly LabelledText[],
  description: ModelDescription,
  options: Partial<TrainingOptions> = {},
): HashedLinearModel {
  const settings = { ...DEFAULT_TRAINING_OPTIONS, ...options };
  if (examples.length === 0) throw new Error('no training examples');
  const ensembleSize = settings.ensembleSize;
  if (!Number.isInteger(ensembleSize) || ensembleSize < 1) {
    throw new Error(`ensembleSize must be a positive integer, got ${ensembleSize}`);
  }
  const labels =
    description.labels ?? [...new Set(examples.map((example) => example.label))].sort();
  // ensembleSize and initialWeights came after the shipped models; recording them only when used
  // keeps the files of the models that do not use them.
  const { ensembleSize: _recordedOnlyIfUsed, initialWeights, ...parameters } = settings;
  const metadata: ModelMetadata = {
    task: description.task,
    version: description.version,
    labels: [...labels],
    features: description.features,
    trainingData: description.trainingData,
    trainingParameters: {
      ...parameters,
      ...(ensembleSize > 1 ? { ensembleSize } : {}),
      ...(initialWeights ? { initialWeights: initialWeights.description } : {}),
      examples: examples.length,
    },
    createdAt: description.createdAt ?? new Date().toISOString(),
    ...(description.sparseWeightFloor !== undefined
      ? { sparseWeightFloor: description.sparseWeightFloor }
      : {}),
  };
  const model = new HashedLinearModel(metadata);
  const prepared = prepareExamples(examples, description.features, labels);
  // Rows in order of first appearance, so every member of an ensemble shares one layout.
  for (const example of prepared) {
    const vector = example.vector;
    for (let index = 0; index < vector.count; index++) {
      model.ensureRow(vector.buckets[index] as number);
    }
  }
  const initialise = (): void => {
    model.weights.fill(0);
    model.bias.fill(0);
    initialWeights?.apply(model);
  };
  // Once before the layout is fixed: rows the prior adds come after the training features' rows.
  initialise();
  if (ensembleSize === 1) {
    trainWeights(prepared, model, settings, settings.seed);
    return model;
  }
  const size = model.rowCount * model.labelCount;
  const weightSums = new Float64Array(size);
  const biasSums = new Float64Array(model.labelCount);
  for (let member = 0; member < ensembleSize; member++) {
    if (member > 0) initialise();
    trainWeights(prepared, model, settings, settings.seed + member);
    for (let position = 0; position < size; position++) {
      weightSums[position] = (weightSums[position] as number) + (model.weights[position] as number);
    }
    for (let label = 0; label < model.labelCount; label++) {
      biasSums[label] = (biasSums[label] as number) + (model.bias[label] as number);
    }
  }
  for (let position = 0; position < size; position++) {
    model.weights[position] = (weightSums[position] as number) / ensembleSize;
  }
  for (let label = 0; label < model.labelCount; label++) {
    model.bias[label] = (biasSums[label] as number) / ensembleSize;
  }
  return model;
}

/**
 * One AdaGrad run from the model's current weights (zero, or the prior); the model must already
 * have a row for every feature.
 */
function trainWeights(
  prepared: readonly PreparedExample[],
  model: HashedLinearModel,
  settings: TrainingOptions,
  seed: number,
): void {
  const labelCount = model.labelCount;
  const size = model.rowCount * labelCount;
  const classWeights = computeClassWeights(prepared, labelCount, settings.classWeighting);
  const accumulators = new Float32Array(size);
  // Averaging by the lazy trick (Daume 2006): sums of step * update, subtracted at the end.
  const averageSums = new Float64Array(settings.averaged ? size : 0);
  const biasAverageSums = new Float64Array(labelCount);
  let stepCount = 1;
  const biasAccumulators = new Float64Array(labelCount);
  const probabilities = new Float64Array(labelCount);
  const gradient = new Float64Array(labelCount);
  const random = new SeededRandom(seed);
  const order = prepared.map((_, index) => index);
  const { learningRate, l2 } = settings;
  const epsilon = 1e-8;
  const weights = model.weights;
  for (let epoch = 0; epoch < settings.epochs; epoch++) {
    random.shuffle(order);
    for (const exampleIndex of order) {
      const example = prepared[exampleIndex] as PreparedExample;
      const vector = example.vector;
      model.scoreInto(vector, probabilities);
      const weight = classWeights[example.label] as number;
      for (let label = 0; label < labelCount; label++) {
        const target = label === example.label ? 1 : 0;
        gradient[label] = ((probabilities[label] as number) - target) * weight;
        const biasGradient = gradient[label] as number;
        biasAccumulators[label] = (biasAccumulators[label] as number) + biasGradient * biasGradient;
        const biasUpdate =
          (learningRate * biasGradient) / Math.sqrt((biasAccumulators[label] as number) + epsilon);
        model.bias[label] = (model.bias[label] as number) - biasUpdate;
        biasAverageSums[label] = (biasAverageSums[label] as number) - stepCount * biasUpdate;
      }
      const scale = vector.scale;
      for (let index = 0; index < vector.count; index++) {
        const base = (model.rowOfBucket[vector.buckets[index] as number] as number) * labelCount;
        for (let label = 0; label < labelCount; label++) {
          const position = base + label;
          const current = weights[position] as number;
          const step = (gradient[label] as number) * scale + l2 * current;
          if (step === 0) continue;
          const accumulated = (accumulators[position] as number) + step * step;
          accumulators[position] = accumulated;
          const update = (learningRate * step) / Math.sqrt(accumulated + epsilon);
          weights[position] = current - update;
          if (settings.averaged) {
            averageSums[position] = (averageSums[position] as number) - stepCount * update;
          }
        }
      }
      stepCount++;
    }
  }
  if (settings.averaged) {
    for (let position = 0; position < size; position++) {
      weights[position] =
        (weights[position] as number) - (averageSums[position] as number) / stepCount;
    }
    for (let label = 0; label < labelCount; label++) {
      model.bias[label] =
        (model.bias[label] as number) - (biasAverageSums[label] as number) / stepCount;
    }
  }
}

function computeClassWeights(
  prepared: readonly PreparedExample[],
  labelCount: number,
  weighting: TrainingOptions['classWeighting'],
): Float64Array {
  const weights = new Float64Array(labelCount).fill(1);
  if (weighting === 'none') return weights;
  const counts = new Float64Array(labelCount);
  for (const example of prepared) counts[example.label] = (counts[example.label] as number) + 1;
  for (let label = 0; label < labelCount; label++) {
    const count = counts[label] as number;
    weights[label] = count === 0 ? 0 : prepared.length / (labelCount * count);
  }
  return weights;
}

/** A seeded, stratified split: `testFraction` of each label goes to test. */
export function stratifiedSplit<T extends { label: string }>(
  examples: readonly T[],
  testFraction: number,
  seed: number,
): { train: T[]; test: T[] } {
  const byLabel = new Map<string, T[]>();
  for (const example of examples) {
    const group = byLabel.get(example.label) ?? [];
    group.push(example);
    byLabel.set(example.label, group);
  }
  const random = new SeededRandom(seed);
  const train: T[] = [];
  const test: T[] = [];
  for (const label of [...byLabel.keys()].sort()) {
    const group = random.shuffle([...(byLabel.get(label) as T[])]);
    const testCount = Math.round(group.length * testFraction);
    test.push(...group.slice(0, testCount));
    train.push(...group.slice(testCount));
  }
  return { train: random.shuffle(train), test };
}

/** Seeded stratified k folds: fold i is the test set of round i. */
export function stratifiedFolds<T extends { label: string }>(
  examples: readonly T[],
  folds: number,
  seed: number,
): T[][] {
  const random = new SeededRandom(seed);
  const result: T[][] = Array.from({ length: folds }, () => []);
  const byLabel = new Map<string, T[]>();
  for (const example of examples) {
    const group = byLabel.get(example.label) ?? [];
    group.push(example);
    byLabel.set(example.label, group);
  }
  let cursor = 0;
  for (const label of [...byLabel.keys()].sort()) {
    for (const example of random.shuffle([...(byLabel.get(label) as T[])])) {
      (result[cursor % folds] as T[]).push(example);
      cursor++;
    }
  }
  return result;
}
