import { type FeatureConfig, FeatureVector } from './feature-hashing.js';
import { ScannedMessage, scanMessage } from './message-scanner.js';
import { extractScannedFeatures } from './scanned-features.js';

/** What a model file says about itself, beyond its weights. */
export interface ModelMetadata {
  task: string;
  /** e.g. `sentiment-2026.11.1`; recorded on every classification it makes. */
  version: string;
  labels: string[];
  features: FeatureConfig;
  /** Plain-language description of the training data and its licence. */
  trainingData: string;
  trainingParameters?: Record<string, number | string | boolean>;
  /** Figures measured when the model was made, e.g. held-out macro recall. */
  metrics?: Record<string, number>;
  createdAt?: string;
  /**
   * For models with many labels: when scored for prediction (the merged scorer of classify,
   * `prepareForPrediction`), weights whose distance from their row's median is below this are
   * dropped, trading a little accuracy for speed. Set by a recipe that measured the trade (the
   * shipped intent model); absent, the model is scored with all its weights, exactly as trained
   * and as `hearken eval --model` measures it.
   */
  sparseWeightFloor?: number;
}

export interface LabelScore {
  label: string;
  score: number;
}

export interface Prediction extends LabelScore {
  probabilities: Record<string, number>;
}

const NO_ROW = -1;

/**
 * Multinomial logistic regression over hashed features. Weights are stored row-per-bucket: an
 * index from bucket to row (or NO_ROW) and a compact row-major matrix of the buckets that ever
 * carried a feature, so a 2^18-bucket, 77-label model costs only what training touched.
 */
export class HashedLinearModel {
  readonly metadata: ModelMetadata;
  readonly labels: readonly string[];
  readonly labelCount: number;
  readonly rowOfBucket: Int32Array;
  weights: Float32Array;
  readonly bias: Float32Array;
  rowCount = 0;
  /**
   * Optional sparse copy for prediction (see `compactForPrediction`): per row, only the labels
   * whose weight matters. With 77 intents most of a row is near zero, and skipping it is what
   * makes a many-label model cheap to score.
   */
  private sparseRowStart: Int32Array | undefined;
  private sparseLabels: Uint16Array | undefined;
  private sparseValues: Float32Array | undefined;
  private readonly scratchVector = new FeatureVector();
  private readonly scratchScan = new ScannedMessage();
  private readonly scratchScores: Float64Array;

  constructor(metadata: ModelMetadata) {
    if (metadata.labels.length < 2) throw new Error('a model needs at least two labels');
    if (new Set(metadata.labels).size !== metadata.labels.length) {
      throw new Error('model labels must be distinct');
    }
    this.metadata = metadata;
    this.labels = metadata.labels;
    this.labelCount = metadata.labels.length;
    this.rowOfBucket = new Int32Array(1 << metadata.features.bits).fill(NO_ROW);
    this.weights = new Float32Array(1024 * this.labelCount);
    this.bias = new Float32Array(this.labelCount);
    this.scratchScores = new Float64Array(this.labelCount);
  }

  get task(): string {
    return this.metadata.task;
  }

  get version(): string {
    return this.metadata.version;
  }

  /** The row for a bucket, allocating one (zeroed) when training first touches it. */
  ensureRow(bucket: number): number {
    const existing = this.rowOfBucket[bucket] as number;
    if (existing !== NO_ROW) return existing;
    const row = this.rowCount++;
    if (this.rowCount * this.labelCount > this.weights.length) {
      const grown = new Float32Array(this.weights.length * 2);
      grown.set(this.weights);
      this.weights = grown;
    }
    this.rowOfBucket[bucket] = row;
    return row;
  }

  /**
   * Builds the sparse prediction copy, dropping weights below `minimumMagnitude`; returns the
   * share of weights kept. Training must not continue afterwards (it updates the dense rows).
   */
  compactForPrediction(minimumMagnitude: number): number {
    const labelCount = this.labelCount;
    const rowStart = new Int32Array(this.rowCount + 1);
    const labels: number[] = [];
    const values: number[] = [];
    const sorted = new Float32Array(labelCount);
    for (let row = 0; row < this.rowCount; row++) {
      rowStart[row] = labels.length;
      // Softmax ignores a constant added to every label's weight of one feature, so each row is
      // shifted by its median: the many labels a feature says nothing about land near zero.
      sorted.set(this.weights.subarray(row * labelCount, (row + 1) * labelCount));
      sorted.sort();
      const median = sorted[labelCount >> 1] as number;
      for (let label = 0; label < labelCount; label++) {
        const value = (this.weights[row * labelCount + label] as number) - median;
        if (Math.abs(value) < minimumMagnitude) continue;
        labels.push(label);
        values.push(value);
      }
    }
    rowStart[this.rowCount] = labels.length;
    this.sparseRowStart = rowStart;
    this.sparseLabels = Uint16Array.from(labels);
    this.sparseValues = Float32Array.from(values);
    return this.rowCount === 0 ? 1 : labels.length / (this.rowCount * labelCount);
  }

  /** Writes class probabilities for a feature vector into `probabilities` (length = labels). */
  scoreInto(vector: FeatureVector, probabilities: Float64Array): void {
    const labelCount = this.labelCount;
    const weights = this.weights;
    const rowOfBucket = this.rowOfBucket;
    const buckets = vector.buckets;
    probabilities.fill(0, 0, labelCount);
    const rowStart = this.sparseRowStart;
    if (rowStart !== undefined) {
      const sparseLabels = this.sparseLabels as Uint16Array;
      const sparseValues = this.sparseValues as Float32Array;
      for (let index = 0; index < vector.count; index++) {
        const row = rowOfBucket[buckets[index] as number] as number;
        if (row === NO_ROW) continue;
        const end = rowStart[row + 1] as number;
        for (let entry = rowStart[row] as number; entry < end; entry++) {
          const label = sparseLabels[entry] as number;
          probabilities[label] = (probabilities[label] as number) + (sparseValues[entry] as number);
        }
      }
      this.finishScores(probabilities, vector.scale);
      return;
    }
    for (let index = 0; index < vector.count; index++) {
      const row = rowOfBucket[buckets[index] as number] as number;
      if (row === NO_ROW) continue;
      const base = row * labelCount;
      for (let label = 0; label < labelCount; label++) {
        probabilities[label] = (probabilities[label] as number) + (weights[base + label] as number);
      }
    }
    this.finishScores(probabilities, vector.scale);
  }

  /** Scales the summed weights, adds the bias and applies softmax, in place. */
  private finishScores(probabilities: Float64Array, scale: number): void {
    const labelCount = this.labelCount;
    let maximum = Number.NEGATIVE_INFINITY;
    for (let label = 0; label < labelCount; label++) {
      const logit = (probabilities[label] as number) * scale + (this.bias[label] as number);
      probabilities[label] = logit;
      if (logit > maximum) maximum = logit;
    }
    let total = 0;
    for (let label = 0; label < labelCount; label++) {
      const exponent = Math.exp((probabilities[label] as number) - maximum);
      probabilities[label] = exponent;
      total += exponent;
    }
    for (let label = 0; label < labelCount; label++) {
      probabilities[label] = (probabilities[label] as number) / total;
    }
  }

  /** The best label and its probability for an already-hashed message. */
  bestLabel(vector: FeatureVector): LabelScore {
    this.scoreInto(vector, this.scratchScores);
    let best = 0;
    for (let label = 1; label < this.labelCount; label++) {
      if ((this.scratchScores[label] as number) > (this.scratchScores[best] as number))
        best = label;
    }
    return { label: this.labels[best] as string, score: this.scratchScores[best] as number };
  }

  /** Convenience path for one text: scan, hash, score (the classifier's tokeniser). */
  predict(text: string): Prediction {
    scanMessage(text, this.scratchScan);
    extractScannedFeatures(this.scratchScan, this.metadata.features, this.scratchVector);
    const best = this.bestLabel(this.scratchVector);
    const probabilities: Record<string, number> = {};
    for (let label = 0; label < this.labelCount; label++) {
      probabilities[this.labels[label] as string] = this.scratchScores[label] as number;
    }
    return { ...best, probabilities };
  }

  /** Buckets with a row, in ascending order: what serialisation stores. */
  populatedBuckets(): number[] {
    const buckets: number[] = [];
    for (let bucket = 0; bucket < this.rowOfBucket.length; bucket++) {
      if ((this.rowOfBucket[bucket] as number) !== NO_ROW) buckets.push(bucket);
    }
    return buckets;
  }
}
