import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.js';
import { offsetPieces } from './local-time.js';
import {
  countFirstResponses,
  type GroupBy,
  percentiles,
  type ReportFilter,
} from './report.repository.js';
import { isHistogramEdge } from './report-histogram.js';
import { countRowsOf, percentileRowsOf, readRollup } from './report-rollup.js';

/**
 * Where a report's figures come from: report_rollup when it can answer (no or one compatible
 * filter, a timezone whose offsets are whole hours, a target that is a histogram edge), else
 * the exact queries over conversation_metrics. Both give the same counts (see
 * report-rollup.integration.test.ts); only large-range percentiles differ, within one bucket.
 */
export type Period = 'none' | 'day' | 'week' | 'month';

const day = 86_400_000;

/**
 * How a report may use the rollup. Percentiles are exact (window functions over
 * conversation_metrics) while the range holds at most `exactPercentilesUpTo` answered
 * conversations, and from the rollup's histograms above that; counts are exact either way.
 */
export interface ReportOptions {
  exactPercentilesUpTo?: number;
  /** Never read the rollup (the CLI, whose figures are checked against raw data). */
  exactOnly?: boolean;
}
export const defaultExactPercentilesUpTo = 20_000;

/**
 * The report period of an instant as a local day number (the first day of its week or month),
 * or null when the rollup cannot serve the timezone: its hours map to local periods only when
 * every offset in the range, and every change of offset, falls on a whole hour.
 */
function rollupPeriod(
  period: Period,
  timezone: string,
  filter: ReportFilter,
): ((instant: number) => number) | null {
  if (period === 'none') return () => 0;
  const pieces = offsetPieces(timezone, filter.from, filter.to);
  const hour = 3_600_000;
  if (
    pieces.some(
      (piece, index) => piece.offset % hour !== 0 || (index > 0 && piece.start % hour !== 0),
    )
  )
    return null;
  return (instant) => {
    let offset = pieces[0]?.offset ?? 0;
    for (const piece of pieces) if (piece.start <= instant) offset = piece.offset;
    const local = Math.floor((instant + offset) / day);
    if (period === 'day') return local;
    if (period === 'week') return local - ((((((local + 4) % 7) + 7) % 7) + 6) % 7);
    const date = new Date(local * day);
    return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1) / day;
  };
}

export interface AttainmentQuery {
  filter: ReportFilter;
  groupBy: GroupBy;
  period: Period;
  timezone: string;
  /** Calendar-time target; absent: each conversation's own SLA policy decides. */
  targetMs?: number | undefined;
  exactOnly?: boolean;
}

/** Counts per group and local day (the caller folds days into weeks and months). */
export async function attainmentCounts(db: Kysely<Database>, query: AttainmentQuery) {
  const { filter, groupBy, period, timezone } = query;
  const targetMs = query.targetMs ?? null;
  const bucketOf = rollupPeriod(period, timezone, filter);
  if (!query.exactOnly && bucketOf && (targetMs === null || isHistogramEdge(targetMs))) {
    const entries = await readRollup(db, {
      filter,
      groupBy,
      bucketOf,
      targetMs,
      percentiles: false,
    });
    if (entries) return countRowsOf(entries);
  }
  // Grouped by local day in SQL; days fold into weeks or months by the caller.
  return countFirstResponses(db, filter, groupBy, period === 'none' ? null : timezone, targetMs);
}

/**
 * Counts (with answered within `targetMs` when given) and first-response and resolution
 * percentiles per group over the range: from the rollup when it can serve the request, exact
 * percentiles while the range is small.
 */
export async function groupFigures(
  db: Kysely<Database>,
  filter: ReportFilter,
  groupBy: GroupBy,
  targetMs: number | null,
  options: ReportOptions,
) {
  const exact = async () => {
    const [counts, frt, resolution] = await Promise.all([
      countFirstResponses(db, filter, groupBy, null, targetMs),
      percentiles(db, filter, groupBy, 'frt_ms'),
      percentiles(db, filter, groupBy, 'resolution_ms'),
    ]);
    return { counts, frt, resolution };
  };
  if (options.exactOnly || (targetMs !== null && !isHistogramEdge(targetMs))) return exact();
  const entries = await readRollup(db, {
    filter,
    groupBy,
    bucketOf: () => 0,
    targetMs,
    percentiles: true,
  });
  if (!entries) return exact();
  const counts = countRowsOf(entries);
  const answered = counts.reduce((sum, row) => sum + row.answered, 0);
  if (answered <= (options.exactPercentilesUpTo ?? defaultExactPercentilesUpTo)) {
    const [frt, resolution] = await Promise.all([
      percentiles(db, filter, groupBy, 'frt_ms'),
      percentiles(db, filter, groupBy, 'resolution_ms'),
    ]);
    return { counts, frt, resolution };
  }
  return {
    counts,
    frt: percentileRowsOf(entries, 'frt'),
    resolution: percentileRowsOf(entries, 'resolution'),
  };
}
