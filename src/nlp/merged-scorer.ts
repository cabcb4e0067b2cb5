import { BucketIndex } from './bucket-index.js';
import { expNonPositive } from './fast-exp.js';
import { type FeatureVector, featureConfigKey } from './feature-hashing.js';
import type { HashedLinearModel } from './hashed-linear-model.js';

const NO_ROW = -1;
/** Models with more labels than this are stored sparsely inside the merged rows. */
const DENSE_LABEL_LIMIT = 8;
/** Fixed-point weights: the largest stored value is 2^20 steps (about 1e-6 of it per step). */
const FIXED_POINT_BITS = 20;
/** Records summed in 32-bit integers before moving the sums to doubles: 2^20 * 2^10 < 2^31. */
const FLUSH_EVERY = 1024;

/**
 * Scores several models that read the same features in one pass. Scoring is bound by memory
 * latency, not arithmetic: each model on its own costs one bucket-index miss and one row miss per
 * feature. Merged, the buckets of all models share one index and one contiguous row holding every
 * model's weights, so a feature costs one index miss and one (prefetch-friendly) row read for all
 * of them. Built once when the active models change; the models themselves stay separate files.
 */
export class MergedScorer {
  readonly models: readonly HashedLinearModel[];
  /** Which buckets have a record, and the rank of each among them. */
  private readonly index: BucketIndex;
  /** Offset in `records` of the record of rank r. */
  private readonly recordOffsets: Int32Array;
  /**
   * One record per bucket, in fixed point: the dense weights of every model with few labels side
   * by side, then the count of sparse entries and one int per entry for the models with many
   * labels (weight in the high bits, column in the low bits). One contiguous record means one
   * cache miss per feature for all models; fixed point halves the record against float pairs.
   */
  private readonly records: Int32Array;
  private readonly width: number;
  private readonly columnBits: number;
  private readonly columnMask: number;
  private readonly offsets: Int32Array;
  /** Per model: how many of its labels have a column (all but the last for dense models). */
  private readonly stored: Int32Array;
  /** Per model: 1 / the fixed-point scale its weights were stored with. */
  private readonly inverseScales: Float64Array;
  private readonly sums: Float64Array;
  private readonly partial: Int32Array;
  private found = new Int32Array(256);
  /** Probability of the label `bestOf` last returned. */
  bestProbability = 0;

  /**
   * `sparseFloor` overrides, for every many-label model, the floor the model records
   * (`ModelMetadata.sparseWeightFloor`; none: every weight is kept, so a trained model scores
   * here as it does alone).
   */
  constructor(models: readonly HashedLinearModel[], sparseFloor?: number) {
    const first = models[0];
    if (!first) throw new Error('a merged scorer needs at least one model');
    const key = featureConfigKey(first.metadata.features);
    for (const model of models) {
      if (featureConfigKey(model.metadata.features) !== key) {
        throw new Error(`model ${model.version} reads different features from ${first.version}`);
      }
    }
    this.models = models;
    // Columns of `sums`: dense models first (their weights form the record's dense block). A dense
    // model stores each weight minus its last label's weight, which softmax cannot tell apart, so
    // the last label needs no column: a binary model costs one value per record, not two.
    const dense = models.filter((model) => model.labelCount <= DENSE_LABEL_LIMIT);
    const sparse = models.filter((model) => model.labelCount > DENSE_LABEL_LIMIT);
    const columnOf = new Map<HashedLinearModel, number>();
    const storedOf = (model: HashedLinearModel) =>
      model.labelCount <= DENSE_LABEL_LIMIT ? model.labelCount - 1 : model.labelCount;
    let column = 0;
    for (const model of [...dense, ...sparse]) {
      columnOf.set(model, column);
      column += storedOf(model);
    }
    this.offsets = Int32Array.from(models.map((model) => columnOf.get(model) as number));
    this.stored = Int32Array.from(models.map(storedOf));
    this.width = dense.reduce((sum, model) => sum + storedOf(model), 0);
    this.sums = new Float64Array(column);
    this.partial = new Int32Array(column);
    this.columnBits = Math.max(1, Math.ceil(Math.log2(column + 1)));
    this.columnMask = (1 << this.columnBits) - 1;
    const bucketSet = new Set<number>();
    for (const model of models)
      for (const bucket of model.populatedBuckets()) bucketSet.add(bucket);
    const buckets = [...bucketSet].sort((left, right) => left - right);
    const floors = sparse.map((model) => sparseFloor ?? model.metadata.sparseWeightFloor ?? 0);
    const sparseEntries = buckets.map((bucket) =>
      sparseEntriesOf(bucket, sparse, columnOf, floors),
    );
    // Fixed-point scales: the largest stored value (a difference of two dense weights, or a
    // centred sparse weight) is 2^20 steps, far finer than the int8 weights of the model files.
    const denseScale = 2 ** FIXED_POINT_BITS / (2 * Math.max(1e-9, ...dense.map(largestWeight)));
    let largestSparse = 1e-9;
    for (const entries of sparseEntries) {
      for (let index = 1; index < entries.length; index += 2) {
        largestSparse = Math.max(largestSparse, Math.abs(entries[index] as number));
      }
    }
    const sparseBits = Math.min(FIXED_POINT_BITS, 31 - this.columnBits);
    const sparseScale = 2 ** sparseBits / largestSparse;
    this.inverseScales = Float64Array.from(models, (model) =>
      model.labelCount <= DENSE_LABEL_LIMIT ? 1 / denseScale : 1 / sparseScale,
    );
    const size = sparseEntries.reduce(
      (sum, entries) => sum + this.width + 1 + entries.length / 2,
      0,
    );
    this.records = new Int32Array(size);
    this.index = new BucketIndex(first.metadata.features.bits, buckets);
    this.recordOffsets = new Int32Array(buckets.length);
    let offset = 0;
    buckets.forEach((bucket, index) => {
      this.recordOffsets[index] = offset;
      for (const model of dense) {
        const row = model.rowOfBucket[bucket] as number;
        if (row === NO_ROW) continue;
        const base = offset + (columnOf.get(model) as number);
        const last = model.weights[(row + 1) * model.labelCount - 1] as number;
        for (let label = 0; label < model.labelCount - 1; label++) {
          const weight = (model.weights[row * model.labelCount + label] as number) - last;
          this.records[base + label] = Math.round(weight * denseScale);
        }
      }
      const entries = sparseEntries[index] as number[];
      const pairs = entries.length / 2;
      this.records[offset + this.width] = pairs;
      for (let pair = 0; pair < pairs; pair++) {
        const quantised = Math.round((entries[2 * pair + 1] as number) * sparseScale);
        this.records[offset + this.width + 1 + pair] =
          (quantised << this.columnBits) | (entries[2 * pair] as number);
      }
      offset += this.width + 1 + pairs;
    });
  }

  /**
   * Sums every model's weights (in fixed point) for the vector; then `probabilitiesOf` turns one
   * model's sums into probabilities.
   */
  accumulate(vector: FeatureVector): void {
    const sums = this.sums;
    const records = this.records;
    const width = this.width;
    const bucketIndex = this.index;
    const recordOffsets = this.recordOffsets;
    const buckets = vector.buckets;
    const count = vector.count;
    const columnBits = this.columnBits;
    const columnMask = this.columnMask;
    if (this.found.length < count) this.found = new Int32Array(count * 2);
    const found = this.found;
    // The bucket index first, in a loop of independent loads, so the CPU overlaps those cache
    // misses instead of taking each one after the previous feature's data-dependent inner loops.
    let hits = 0;
    for (let index = 0; index < count; index++) {
      const rank = bucketIndex.rowOf(buckets[index] as number);
      if (rank !== NO_ROW) found[hits++] = recordOffsets[rank] as number;
    }
    sums.fill(0);
    // Integer partial sums (no int-to-double conversion per entry), moved into `sums` every
    // FLUSH_EVERY records: each record adds at most 2^FIXED_POINT_BITS to a column, so a block
    // cannot overflow 32 bits whatever the message's length.
    const partial = this.partial;
    for (let block = 0; block < hits; block += FLUSH_EVERY) {
      partial.fill(0);
      const blockEnd = Math.min(hits, block + FLUSH_EVERY);
      for (let hit = block; hit < blockEnd; hit++) {
        const offset = found[hit] as number;
        for (let column = 0; column < width; column++) {
          partial[column] = (partial[column] as number) + (records[offset + column] as number);
        }
        const end = offset + width + 1 + (records[offset + width] as number);
        for (let entry = offset + width + 1; entry < end; entry++) {
          const packed = records[entry] as number;
          const column = packed & columnMask;
          partial[column] = (partial[column] as number) + (packed >> columnBits);
        }
      }
      for (let column = 0; column < sums.length; column++) {
        sums[column] = (sums[column] as number) + (partial[column] as number);
      }
    }
  }

  /** Softmax probabilities of model `index` for the last accumulated vector. */
  probabilitiesOf(index: number, scale: number, into: Float64Array): void {
    const labelCount = (this.models[index] as HashedLinearModel).labelCount;
    const maximum = this.logitsOf(index, scale, into);
    let total = 0;
    for (let label = 0; label < labelCount; label++) {
      const exponent = expNonPositive((into[label] as number) - maximum);
      into[label] = exponent;
      total += exponent;
    }
    for (let label = 0; label < labelCount; label++) {
      into[label] = (into[label] as number) / total;
    }
  }

  /**
   * The most probable label of model `index` (its probability goes to `bestProbability`), without
   * normalising every label: what classify needs for anger, complaint and intent.
   */
  bestOf(index: number, scale: number, scratch: Float64Array): number {
    const labelCount = (this.models[index] as HashedLinearModel).labelCount;
    const maximum = this.logitsOf(index, scale, scratch);
    let best = 0;
    let total = 0;
    for (let label = 0; label < labelCount; label++) {
      const logit = scratch[label] as number;
      if (logit === maximum && (scratch[best] as number) !== maximum) best = label;
      // Labels 30 below the best add under 1e-13 each: skip the exponential.
      if (logit - maximum > -30) total += expNonPositive(logit - maximum);
    }
    this.bestProbability = 1 / total;
    return best;
  }

  /** Writes model `index`'s logits into `into` and returns the largest. */
  private logitsOf(index: number, scale: number, into: Float64Array): number {
    const model = this.models[index] as HashedLinearModel;
    const offset = this.offsets[index] as number;
    const sumScale = scale * (this.inverseScales[index] as number);
    const stored = this.stored[index] as number;
    let maximum = Number.NEGATIVE_INFINITY;
    for (let label = 0; label < model.labelCount; label++) {
      const sum = label < stored ? (this.sums[offset + label] as number) : 0;
      const logit = sum * sumScale + (model.bias[label] as number);
      into[label] = logit;
      if (logit > maximum) maximum = logit;
    }
    return maximum;
  }
}

function largestWeight(model: HashedLinearModel): number {
  let largest = 0;
  for (let index = 0; index < model.rowCount * model.labelCount; index++) {
    largest = Math.max(largest, Math.abs(model.weights[index] as number));
  }
  return largest;
}

/**
 * The (column, weight) pairs of the many-label models for one bucket. Each model's row is centred
 * on its median first: softmax ignores a constant added to all of one model's logits, and after
 * centring the labels a feature says nothing about sit near zero and can be dropped (those below
 * the model's floor; exact zeros always, as they add nothing).
 */
function sparseEntriesOf(
  bucket: number,
  sparse: readonly HashedLinearModel[],
  columnOf: ReadonlyMap<HashedLinearModel, number>,
  floors: readonly number[],
): number[] {
  const entries: number[] = [];
  for (const [modelIndex, model] of sparse.entries()) {
    const floor = floors[modelIndex] as number;
    const row = model.rowOfBucket[bucket] as number;
    if (row === NO_ROW) continue;
    const weights = model.weights.subarray(row * model.labelCount, (row + 1) * model.labelCount);
    const median = Float32Array.from(weights).sort()[model.labelCount >> 1] as number;
    const offset = columnOf.get(model) as number;
    weights.forEach((weight, label) => {
      const centred = weight - median;
      if (centred !== 0 && Math.abs(centred) >= floor) entries.push(offset + label, centred);
    });
  }
  return entries;
}
