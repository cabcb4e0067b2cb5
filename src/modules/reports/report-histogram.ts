/**
 * The fixed log-scale histogram of durations the report rollup stores (docs/metrics.md,
 * "Percentiles at scale"). Bucket i holds durations d with edges[i-1] < d <= edges[i] (bucket 0:
 * d <= 1 s; the last bucket: d > 30 days, open-ended). The edges are the geometric series
 * 1 s x 2^(k/5) up to 30 days (each bucket at most 14.9% wider than its lower edge) merged with
 * the round targets people set, so that "answered within 1 h" is an exact count from the
 * histogram, never an estimate.
 */
const second = 1000;
const ratio = 2 ** (1 / 5);
const largestEdge = 30 * 86_400 * second;

/** Round targets (seconds) that are always bucket edges: exact attainment counts for them. */
export const standardTargetSeconds = [
  60, 120, 180, 300, 600, 900, 1200, 1800, 2700, 3600, 5400, 7200, 10_800, 14_400, 21_600, 28_800,
  43_200, 86_400, 172_800, 259_200, 345_600, 432_000, 604_800, 1_209_600, 2_592_000,
];

function buildEdges(): number[] {
  const edges = new Set<number>(standardTargetSeconds.map((value) => value * second));
  for (let k = 0; second * ratio ** k <= largestEdge * 1.0001; k++) {
    edges.add(Math.round(second * ratio ** k));
  }
  return [...edges].filter((edge) => edge <= largestEdge).sort((a, b) => a - b);
}

/** Upper edges in milliseconds, ascending; there is one more bucket above the last edge. */
export const histogramEdges: readonly number[] = buildEdges();
export const bucketCount = histogramEdges.length + 1;
const edgeIndex = new Map(histogramEdges.map((edge, index) => [edge, index]));

/** Bucket of a duration in milliseconds (binary search over the edges). */
export function bucketOf(milliseconds: number): number {
  let low = 0;
  let high = histogramEdges.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((histogramEdges[middle] as number) >= milliseconds) high = middle;
    else low = middle + 1;
  }
  return low;
}

export type Histogram = Map<number, number>;

export function addTo(histogram: Histogram, bucket: number, count = 1): void {
  histogram.set(bucket, (histogram.get(bucket) ?? 0) + count);
}

/** Stored form: JSON [bucket, count, ...] of the non-empty buckets in bucket order. */
export function encodeHistogram(histogram: Histogram): string {
  const flat: number[] = [];
  for (const bucket of [...histogram.keys()].sort((a, b) => a - b)) {
    flat.push(bucket, histogram.get(bucket) as number);
  }
  return JSON.stringify(flat);
}

/** Adds a stored histogram into `into` (sign -1 takes it out again). */
export function mergeEncoded(into: Histogram, text: string, sign: 1 | -1 = 1): void {
  if (text === '[]') return;
  const flat = JSON.parse(text) as number[];
  for (let index = 0; index < flat.length; index += 2) {
    addTo(into, flat[index] as number, sign * (flat[index + 1] as number));
  }
}

export interface HistogramPercentiles {
  count: number;
  p50: number;
  p90: number;
}

/**
 * Nearest-rank percentiles read from a histogram: the bucket that holds rank ceil(p/100 x n),
 * reported as its upper edge (the true value is above the previous edge and at most this one).
 * The open-ended last bucket reports its lower edge, 30 days. Null when the histogram is empty.
 */
export function histogramPercentiles(histogram: Histogram): HistogramPercentiles | null {
  const buckets = [...histogram.keys()].sort((a, b) => a - b);
  const count = buckets.reduce((sum, bucket) => sum + (histogram.get(bucket) as number), 0);
  if (count === 0) return null;
  const valueAt = (rank: number) => {
    let seen = 0;
    for (const bucket of buckets) {
      seen += histogram.get(bucket) as number;
      if (seen >= rank)
        return histogramEdges[Math.min(bucket, histogramEdges.length - 1)] as number;
    }
    return histogramEdges[histogramEdges.length - 1] as number;
  };
  return {
    count,
    p50: valueAt(Math.ceil(count / 2)),
    p90: valueAt(Math.ceil((count * 9) / 10)),
  };
}

/** Whether a calendar-time target is a bucket edge, so counts against it are exact. */
export function isHistogramEdge(targetMs: number): boolean {
  return edgeIndex.has(targetMs);
}

/**
 * Durations at most `targetMs` (an edge, see isHistogramEdge), read from the stored form without
 * building a histogram: attainment reads thousands of rows.
 */
export function countAtMostEncoded(text: string, targetMs: number): number {
  const last = edgeIndex.get(targetMs);
  if (last === undefined) throw new Error(`${targetMs} ms is not a histogram edge`);
  const flat = JSON.parse(text) as number[];
  let count = 0;
  for (let index = 0; index < flat.length && (flat[index] as number) <= last; index += 2) {
    count += flat[index + 1] as number;
  }
  return count;
}
