/**
 * Backlash detection on hourly counts with hour-of-week seasonality. The expected count of an
 * hour is the median of comparable hours: the same hour of the week in up to 4 earlier weeks
 * when at least 2 exist, otherwise the same hour of the day on up to 7 earlier days, otherwise
 * the previous 24 hours. The spread is the median absolute deviation (scaled to a standard
 * deviation), floored by the Poisson spread sqrt(expected) so a flat history does not make
 * every extra message an anomaly. An hour is a spike when its count reaches the minimum, its
 * robust z-score the threshold, and it is at least `minimumRatio` times the expected count.
 *
 * Level (trend) correction: a seasonal median remembers the level of earlier days or weeks, so
 * on a timeline that grows several-fold within days every busy hour looks like a spike. The
 * seasonal expectation is therefore scaled by the recent level: the median, over blocks of
 * `levelBlockHours` in the last `levelWindowHours`, of each block's actual count over its own
 * seasonal expectation. Median of blocks, not a ratio of sums, so the few hours of an earlier
 * spike cannot raise the level (the hour being judged is never part of it). The level only
 * raises the baseline: after a quiet spell (a holiday, an outage of the channel) an ordinary
 * day would otherwise look like a spike.
 */
export interface DetectorOptions {
  minimumCount: number;
  zThreshold: number;
  minimumRatio: number;
  /** Hours of history the organisation needs before anything can alert (cold start). */
  warmupHours: number;
  /** Hours before the judged one whose level scales the seasonal baseline (0: no correction). */
  levelWindowHours: number;
  levelBlockHours: number;
}

export const defaultDetectorOptions: DetectorOptions = {
  minimumCount: 10,
  zThreshold: 4,
  minimumRatio: 2,
  warmupHours: 24,
  levelWindowHours: 48,
  levelBlockHours: 6,
};

/** Bounds of the level factor: never below the seasonal median (see above), at most 8 times it. */
const levelBounds = [1, 8] as const;
/** Fewest seasonally expected messages in a block for its ratio to count. */
const levelBlockMinimum = 3;

const hour = 3_600_000;
const day = 24 * hour;
const week = 7 * day;

export type Basis = 'hour_of_week' | 'hour_of_day' | 'recent_hours';

export interface Baseline {
  /** The seasonal median times the level. */
  expected: number;
  spread: number;
  basis: Basis;
  /** Recent level relative to the seasonal median (1: none, or no correction possible). */
  level: number;
  /** The hours compared with, so a caller can fetch exactly those counts. */
  comparables: number[];
}

function seasonalHours(hourStart: number, dataStart: number, basis: Basis): number[] {
  if (basis === 'hour_of_week')
    return [1, 2, 3, 4].map((n) => hourStart - n * week).filter((at) => at >= dataStart);
  if (basis === 'hour_of_day')
    return [1, 2, 3, 4, 5, 6, 7].map((n) => hourStart - n * day).filter((at) => at >= dataStart);
  return Array.from({ length: 24 }, (_, n) => hourStart - (n + 1) * hour).filter(
    (at) => at >= dataStart,
  );
}

/** The comparable hours of `hourStart`, within the data (not before `dataStart`). */
export function comparableHours(
  hourStart: number,
  dataStart: number,
): { hours: number[]; basis: Basis } {
  const weekly = seasonalHours(hourStart, dataStart, 'hour_of_week');
  if (weekly.length >= 2) return { hours: weekly, basis: 'hour_of_week' };
  const daily = seasonalHours(hourStart, dataStart, 'hour_of_day');
  if (daily.length >= 3) return { hours: daily, basis: 'hour_of_day' };
  return { hours: seasonalHours(hourStart, dataStart, 'recent_hours'), basis: 'recent_hours' };
}

/**
 * Every hour the baseline of `hourStart` may read (comparable hours of any basis, and the
 * level window with its own seasonal hours), for fetching history in one query.
 */
export function allComparableHours(
  hourStart: number,
  dataStart: number,
  options: DetectorOptions = defaultDetectorOptions,
): number[] {
  const hours = new Set<number>();
  const addSeasonal = (at: number) => {
    for (let n = 1; n <= 4; n++) hours.add(at - n * week);
    for (let n = 1; n <= 7; n++) hours.add(at - n * day);
  };
  addSeasonal(hourStart);
  for (let n = 1; n <= 24; n++) hours.add(hourStart - n * hour);
  for (let n = 1; n <= options.levelWindowHours; n++) {
    hours.add(hourStart - n * hour);
    addSeasonal(hourStart - n * hour);
  }
  return [...hours].filter((at) => at >= dataStart).sort((a, b) => a - b);
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/**
 * The recent level against the seasonal expectation: per block of hours before `hourStart`, the
 * actual count over the sum of each hour's seasonal median (same basis as the judged hour, with
 * whatever comparable hours the data has); the median of the blocks' ratios, within bounds.
 * 1 when the basis is the previous 24 hours (already a level), or when fewer than half the
 * blocks expect enough messages to say anything (a sparse or brand-new series).
 */
export function levelFactor(
  hourStart: number,
  dataStart: number,
  basis: Basis,
  countAt: (hourStart: number) => number,
  options: DetectorOptions = defaultDetectorOptions,
): number {
  if (basis === 'recent_hours' || options.levelWindowHours <= 0) return 1;
  const blockHours = Math.max(1, options.levelBlockHours);
  const blocks = Math.floor(options.levelWindowHours / blockHours);
  const ratios: number[] = [];
  for (let block = 0; block < blocks; block++) {
    let actual = 0;
    let expected = 0;
    for (let n = 1; n <= blockHours; n++) {
      const at = hourStart - (block * blockHours + n) * hour;
      const seasonal = seasonalHours(at, dataStart, basis);
      if (seasonal.length === 0) continue;
      actual += countAt(at);
      expected += median(seasonal.map(countAt));
    }
    if (expected >= levelBlockMinimum) ratios.push(actual / expected);
  }
  if (ratios.length * 2 < blocks) return 1;
  return Math.min(levelBounds[1], Math.max(levelBounds[0], median(ratios)));
}

export function baseline(
  hourStart: number,
  dataStart: number,
  countAt: (hourStart: number) => number,
  options: DetectorOptions = defaultDetectorOptions,
): Baseline {
  const { hours, basis } = comparableHours(hourStart, dataStart);
  const counts = hours.map(countAt);
  const seasonal = median(counts);
  const deviation = median(counts.map((count) => Math.abs(count - seasonal))) * 1.4826;
  const level = levelFactor(hourStart, dataStart, basis, countAt, options);
  const expected = seasonal * level;
  return {
    expected,
    spread: Math.max(deviation * level, Math.sqrt(Math.max(expected, 1))),
    basis,
    level: Math.round(level * 100) / 100,
    comparables: hours,
  };
}

export type Severity = 'medium' | 'high' | 'critical';

export interface Verdict {
  spike: boolean;
  score: number;
  severity: Severity;
}

export function judge(
  count: number,
  base: Baseline,
  hourStart: number,
  dataStart: number,
  options: DetectorOptions = defaultDetectorOptions,
): Verdict {
  const score = (count - base.expected) / base.spread;
  const warm = hourStart - dataStart >= options.warmupHours * hour;
  const spike =
    warm &&
    count >= options.minimumCount &&
    score >= options.zThreshold &&
    count >= options.minimumRatio * base.expected;
  const severity: Severity =
    score >= options.zThreshold * 2 && count >= options.minimumCount * 3
      ? 'critical'
      : score >= options.zThreshold * 1.5
        ? 'high'
        : 'medium';
  return { spike, score: Math.round(score * 100) / 100, severity };
}

const severityRank: Record<Severity, number> = { medium: 0, high: 1, critical: 2 };

export function higherSeverity(a: string, b: Severity): Severity {
  const current = (a in severityRank ? a : 'medium') as Severity;
  return severityRank[b] > severityRank[current] ? b : current;
}
