import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { validateFeatureConfig } from './feature-hashing.js';
import { HashedLinearModel, type ModelMetadata } from './hashed-linear-model.js';

const MODEL_FILE_FORMAT = 'hearken-hashed-linear-model';
const MODEL_FILE_FORMAT_VERSION = 1;

/**
 * The on-disk shape: a JSON document whose header is readable by people and whose weights are one
 * base64 blob. Blob layout: bias float32[labels], row scales float32[rows], bucket indices as
 * LEB128 deltas, then int8 weights row-major. Per-row int8 scaling keeps each row's largest weight
 * exact and the file about a quarter the size of float32.
 */
export interface ModelFile extends ModelMetadata {
  format: typeof MODEL_FILE_FORMAT;
  formatVersion: number;
  rows: number;
  weightEncoding: 'int8-row-scaled';
  weightsSha256: string;
  weights: string;
}

export interface SerialiseOptions {
  /** Rows whose largest absolute weight is below this are dropped. */
  pruneBelow?: number;
}

export function serialiseModel(model: HashedLinearModel, options: SerialiseOptions = {}): string {
  const pruneBelow = options.pruneBelow ?? 0;
  const labelCount = model.labelCount;
  const kept: number[] = [];
  const scales: number[] = [];
  for (const bucket of model.populatedBuckets()) {
    const base = (model.rowOfBucket[bucket] as number) * labelCount;
    let largest = 0;
    for (let label = 0; label < labelCount; label++) {
      largest = Math.max(largest, Math.abs(model.weights[base + label] as number));
    }
    if (largest === 0 || largest < pruneBelow) continue;
    kept.push(bucket);
    scales.push(largest / 127);
  }
  const deltaBytes: number[] = [];
  let previous = 0;
  for (const bucket of kept) {
    writeVarint(bucket - previous, deltaBytes);
    previous = bucket;
  }
  const blob = Buffer.alloc(
    4 * labelCount + 4 * kept.length + deltaBytes.length + kept.length * labelCount,
  );
  let offset = 0;
  for (let label = 0; label < labelCount; label++) {
    offset = blob.writeFloatLE(model.bias[label] as number, offset);
  }
  for (const scale of scales) offset = blob.writeFloatLE(scale, offset);
  Buffer.from(deltaBytes).copy(blob, offset);
  offset += deltaBytes.length;
  kept.forEach((bucket, keptIndex) => {
    const base = (model.rowOfBucket[bucket] as number) * labelCount;
    const scale = scales[keptIndex] as number;
    for (let label = 0; label < labelCount; label++) {
      const quantised = Math.round((model.weights[base + label] as number) / scale);
      offset = blob.writeInt8(Math.max(-127, Math.min(127, quantised)), offset);
    }
  });
  const file: ModelFile = {
    format: MODEL_FILE_FORMAT,
    formatVersion: MODEL_FILE_FORMAT_VERSION,
    ...model.metadata,
    rows: kept.length,
    weightEncoding: 'int8-row-scaled',
    weightsSha256: createHash('sha256').update(blob).digest('hex'),
    weights: blob.toString('base64'),
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

export function deserialiseModel(json: string, source = 'model'): HashedLinearModel {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw new Error(`${source}: not a JSON model file (${(error as Error).message})`);
  }
  const file = parsed as Partial<ModelFile>;
  if (file.format !== MODEL_FILE_FORMAT) throw new Error(`${source}: not a Hearken model file`);
  if (file.formatVersion !== MODEL_FILE_FORMAT_VERSION) {
    throw new Error(`${source}: model format version ${file.formatVersion} is not supported`);
  }
  if (!file.task || !file.version || !Array.isArray(file.labels) || !file.features) {
    throw new Error(`${source}: model header is missing task, version, labels or features`);
  }
  validateFeatureConfig(file.features);
  const blob = Buffer.from(file.weights ?? '', 'base64');
  const sha = createHash('sha256').update(blob).digest('hex');
  if (sha !== file.weightsSha256) throw new Error(`${source}: weights do not match their sha256`);
  const metadata: ModelMetadata = {
    task: file.task,
    version: file.version,
    labels: file.labels,
    features: file.features,
    trainingData: file.trainingData ?? '',
  };
  if (file.trainingParameters) metadata.trainingParameters = file.trainingParameters;
  if (file.metrics) metadata.metrics = file.metrics;
  if (file.createdAt) metadata.createdAt = file.createdAt;
  if (file.sparseWeightFloor !== undefined) {
    if (typeof file.sparseWeightFloor !== 'number' || !(file.sparseWeightFloor >= 0)) {
      throw new Error(`${source}: sparseWeightFloor must be a number >= 0`);
    }
    metadata.sparseWeightFloor = file.sparseWeightFloor;
  }
  const model = new HashedLinearModel(metadata);
  const labelCount = model.labelCount;
  const rows = file.rows ?? 0;
  let offset = 0;
  for (let label = 0; label < labelCount; label++, offset += 4) {
    model.bias[label] = blob.readFloatLE(offset);
  }
  const scales = new Float32Array(rows);
  for (let row = 0; row < rows; row++, offset += 4) scales[row] = blob.readFloatLE(offset);
  let bucket = 0;
  const bucketLimit = 1 << file.features.bits;
  for (let row = 0; row < rows; row++) {
    const [delta, next] = readVarint(blob, offset);
    offset = next;
    bucket += delta;
    if (bucket >= bucketLimit) throw new Error(`${source}: bucket ${bucket} is out of range`);
    model.ensureRow(bucket);
  }
  if (blob.length - offset !== rows * labelCount) {
    throw new Error(`${source}: weight blob has the wrong length`);
  }
  for (let row = 0; row < rows; row++) {
    const scale = scales[row] as number;
    for (let label = 0; label < labelCount; label++, offset++) {
      model.weights[row * labelCount + label] = blob.readInt8(offset) * scale;
    }
  }
  return model;
}

export function saveModel(
  model: HashedLinearModel,
  path: string,
  options?: SerialiseOptions,
): void {
  writeFileSync(path, serialiseModel(model, options));
}

export function loadModel(path: string): HashedLinearModel {
  let json: string;
  try {
    json = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read model file ${path}: ${(error as NodeJS.ErrnoException).code}`);
  }
  return deserialiseModel(json, path);
}

function writeVarint(value: number, out: number[]): void {
  let remaining = value;
  while (remaining >= 0x80) {
    out.push((remaining & 0x7f) | 0x80);
    remaining >>>= 7;
  }
  out.push(remaining);
}

function readVarint(buffer: Buffer, start: number): [number, number] {
  let value = 0;
  let shift = 0;
  let offset = start;
  for (;;) {
    const byte = buffer[offset++];
    if (byte === undefined) throw new Error('truncated varint in model weights');
    value += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) return [value, offset];
    shift += 7;
  }
}
