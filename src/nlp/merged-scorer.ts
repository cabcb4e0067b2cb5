import { type FeatureVector, featureConfigKey } from './feature-hashing.js';
import type { HashedLinearModel } from './hashed-linear-model.js';

const NO_ROW = -1;
/** Models with more labels than this are stored sparsely inside the merged rows. */
const DENSE_LABEL_LIMIT = 8;
/**
 * Sparse weights below this (after centring each row on its median, which softmax ignores) are
 * dropped: on BANKING77 this kept about a sixth of the intent weights and cost 0.4 points.
 */
export const SPARSE_WEIGHT_FLOOR = 0.3;

/**
 * Scores several models that read the same features in one pass. Scoring is bound by memory
 * latency, not arithmetic: each model on its own costs one bucket-index miss and one row miss per
 * feature. Merged, the buckets of all models share one index and one contiguous row holding every
 * model's weights, so a feature costs one index miss and one (prefetch-friendly) row read for all
 * of them. Built once when the active models change; the models themselves stay separate files.
 */
export class MergedScorer {
  readonly models: readonly HashedLinearModel[];
  /** Offset of each bucket's record in `records`, or NO_ROW. */
  private readonly recordOf: Int32Array;
  /**
   * One record per bucket: the dense weights of every model with few labels side by side, then
   * the count of sparse entries and (column, weight) pairs for the models with many labels. One
   * contiguous record means one cache miss per feature for all models together.
   */
  private readonly records: Float32Array;
  private readonly width: number;
  private readonly offsets: Int32Array;
  private readonly sums: Float64Array;

  constructor(models: readonly HashedLinearModel[], sparseFloor = SPARSE_WEIGHT_FLOOR) {
    const first = models[0];
    if (!first) throw new Error('a merged scorer needs at least one model');
    const key = featureConfigKey(first.metadata.features);
    for (const model of models) {
      if (featureConfigKey(model.metadata.features) !== key) {
        throw new Error(`model ${model.version} reads different features from ${first.version}`);
      }
    }
    this.models = models;
    // Columns of `sums`: dense models first (their weights form the record's dense block).
    const dense = models.filter((model) => model.labelCount <= DENSE_LABEL_LIMIT);
    const sparse = models.filter((model) => model.labelCount > DENSE_LABEL_LIMIT);
    const columnOf = new Map<HashedLinearModel, number>();
    let column = 0;
    for (const model of [...dense, ...sparse]) {
      columnOf.set(model, column);
      column += model.labelCount;
    }
    this.offsets = Int32Array.from(models.map((model) => columnOf.get(model) as number));
    this.width = dense.reduce((sum, model) => sum + model.labelCount, 0);
    this.sums = new Float64Array(column);
    const bucketSet = new Set<number>();
    for (const model of models)
      for (const bucket of model.populatedBuckets()) bucketSet.add(bucket);
    const buckets = [...bucketSet].sort((left, right) => left - right);
    const sparseEntries = buckets.map((bucket) =>
      sparseEntriesOf(bucket, sparse, columnOf, sparseFloor),
    );
    const size = sparseEntries.reduce((sum, entries) => sum + this.width + 1 + entries.length, 0);
    this.records = new Float32Array(size);
    this.recordOf = new Int32Array(1 << first.metadata.features.bits).fill(NO_ROW);
    let offset = 0;
    buckets.forEach((bucket, index) => {
      this.recordOf[bucket] = offset;
      for (const model of dense) {
        const row = model.rowOfBucket[bucket] as number;
        if (row === NO_ROW) continue;
        const source = model.weights.subarray(row * model.labelCount, (row + 1) * model.labelCount);
        this.records.set(source, offset + (columnOf.get(model) as number));
      }
      const entries = sparseEntries[index] as number[];
      this.records[offset + this.width] = entries.length / 2;
      this.records.set(entries, offset + this.width + 1);
      offset += this.width + 1 + entries.length;
    });
  }

  /**
   * Sums every model's weights for the vector; then `probabilitiesOf` turns one model's sums into
   * probabilities.
   */
  accumulate(vector: FeatureVector): void {
    const sums = this.sums;
    const records = this.records;
    const width = this.width;
    const recordOf = this.recordOf;
    const buckets = vector.buckets;
    sums.fill(0);
    for (let index = 0; index < vector.count; index++) {
      const offset = recordOf[buckets[index] as number] as number;
      if (offset === NO_ROW) continue;
      for (let column = 0; column < width; column++) {
        sums[column] = (sums[column] as number) + (records[offset + column] as number);
      }
      const count = records[offset + width] as number;
      let entry = offset + width + 1;
      for (let pair = 0; pair < count; pair++, entry += 2) {
        const column = (records[entry] as number) | 0;
        sums[column] = (sums[column] as number) + (records[entry + 1] as number);
      }
    }
  }

  /** Softmax probabilities of model `index` for the last accumulated vector. */
  probabilitiesOf(index: number, scale: number, into: Float64Array): void {
    const model = this.models[index] as HashedLinearModel;
    const offset = this.offsets[index] as number;
    let maximum = Number.NEGATIVE_INFINITY;
    for (let label = 0; label < model.labelCount; label++) {
      const logit = (this.sums[offset + label] as number) * scale + (model.bias[label] as number);
      into[label] = logit;
      if (logit > maximum) maximum = logit;
    }
    let total = 0;
    for (let label = 0; label < model.labelCount; label++) {
      const exponent = Math.exp((into[label] as number) - maximum);
      into[label] = exponent;
      total += exponent;
    }
    for (let label = 0; label < model.labelCount; label++) {
      into[label] = (into[label] as number) / total;
    }
  }
}

/**
 * The (column, weight) pairs of the many-label models for one bucket. Each model's row is centred
 * on its median first: softmax ignores a constant added to all of one model's logits, and after
 * centring the labels a feature says nothing about sit near zero and can be dropped.
 */
function sparseEntriesOf(
  bucket: number,
  sparse: readonly HashedLinearModel[],
  columnOf: ReadonlyMap<HashedLinearModel, number>,
  floor: number,
): number[] {
  const entries: number[] = [];
  for (const model of sparse) {
    const row = model.rowOfBucket[bucket] as number;
    if (row === NO_ROW) continue;
    const weights = model.weights.subarray(row * model.labelCount, (row + 1) * model.labelCount);
    const median = Float32Array.from(weights).sort()[model.labelCount >> 1] as number;
    const offset = columnOf.get(model) as number;
    weights.forEach((weight, label) => {
      if (Math.abs(weight - median) < floor) return;
      entries.push(offset + label, weight - median);
    });
  }
  return entries;
}
