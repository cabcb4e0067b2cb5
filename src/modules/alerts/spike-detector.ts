/**
 * Backlash detection on hourly counts with hour-of-week seasonality. The expected count of an
 * hour is the median of comparable hours: the same hour of the week in up to 4 earlier weeks
 * when at least 2 exist, otherwise the same hour of the day on up to 7 earlier days, otherwise
 * the previous 24 hours. The spread is the median absolute deviation (scaled to a standard
 * deviation), floored by the Poisson spread sqrt(expected) so a flat history does not make
 * every extra message an anomaly. An hour is a spike when its count reaches the minimum, its
 * robust z-score the threshold, and it is at least `minimumRatio` times the expected count.
 */
export interface DetectorOptions {
  minimumCount: number;
  zThreshold: number;
  minimumRatio: number;
  /** Hours of history the organisation needs before anything can alert (cold start). */
  warmupHours: number;
}

export const defaultDetectorOptions: DetectorOptions = {
  minimumCount: 10,
  zThreshold: 4,
  minimumRatio: 2,
  warmupHours: 24,
};

const hour = 3_600_000;
const day = 24 * hour;
const week = 7 * day;

export type Basis = 'hour_of_week' | 'hour_of_day' | 'recent_hours';

export interface Baseline {
  expected: number;
  spread: number;
  basis: Basis;
  /** The hours compared with, so a caller can fetch exactly those counts. */
  comparables: number[];
}

/** The comparable hours of `hourStart`, within the data (not before `dataStart`). */
export function comparableHours(
  hourStart: number,
  dataStart: number,
): { hours: number[]; basis: Basis } {
  const weekly = [1, 2, 3, 4].map((n) => hourStart - n * week).filter((at) => at >= dataStart);
  if (weekly.length >= 2) return { hours: weekly, basis: 'hour_of_week' };
  const daily = [1, 2, 3, 4, 5, 6, 7]
    .map((n) => hourStart - n * day)
    .filter((at) => at >= dataStart);
  if (daily.length >= 3) return { hours: daily, basis: 'hour_of_day' };
  const recent = Array.from({ length: 24 }, (_, n) => hourStart - (n + 1) * hour).filter(
    (at) => at >= dataStart,
  );
  return { hours: recent, basis: 'recent_hours' };
}

/** Every hour any comparable set may use, for fetching history in one query. */
export function allComparableHours(hourStart: number, dataStart: number): number[] {
  const hours = new Set<number>();
  for (let n = 1; n <= 4; n++) hours.add(hourStart - n * week);
  for (let n = 1; n <= 7; n++) hours.add(hourStart - n * day);
  for (let n = 1; n <= 24; n++) hours.add(hourStart - n * hour);
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

export function baseline(
  hourStart: number,
  dataStart: number,
  countAt: (hourStart: number) => number,
): Baseline {
  const { hours, basis } = comparableHours(hourStart, dataStart);
  const counts = hours.map(countAt);
  const expected = median(counts);
  const deviation = median(counts.map((count) => Math.abs(count - expected))) * 1.4826;
  return {
    expected,
    spread: Math.max(deviation, Math.sqrt(Math.max(expected, 1))),
    basis,
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
