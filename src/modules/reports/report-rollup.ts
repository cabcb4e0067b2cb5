import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.js';
import type { CountRow, GroupBy, PercentileRow, ReportFilter } from './report.repository.js';
import { countAtMostEncoded, histogramPercentiles, mergeEncoded } from './report-histogram.js';
import {
  addCell,
  addRow,
  type Cell,
  type Dimension,
  day,
  emptyCell,
  groupOf,
  hour,
  loadMetricsRows,
  loadRollupRows,
  metricsBounds,
  type RollupRow,
} from './report-rollup.repository.js';

/**
 * Reports from report_rollup. A range [from, to) is cut into whole UTC days that fall in one
 * report period (read from the day rows), the other whole hours (hour rows) and the partial
 * hours at both ends (read exactly from conversation_metrics), so counts are exact for any
 * range and the cost follows days x groups, not conversations. Percentiles come from the
 * histograms (docs/metrics.md, "Percentiles at scale").
 */
export interface RollupQuery {
  filter: ReportFilter;
  groupBy: GroupBy;
  /** The report period of an instant (a number naming it); constant when there are none. */
  bucketOf: (instant: number) => number;
  /** Count answered within this target (a histogram edge) into each cell's withinTarget. */
  targetMs: number | null;
  /** Whether the histograms are needed for percentiles (parsing them is most of the work). */
  percentiles: boolean;
}

export interface RollupEntry {
  group: number | null;
  bucket: number;
  cell: Cell;
}

/** The rollup holds one dimension at a time: a filter works only on its own dimension. */
function dimensionFor(filter: ReportFilter, groupBy: GroupBy): [Dimension, number | null] | null {
  const { teamId, channelAccountId } = filter;
  if (teamId !== undefined && channelAccountId !== undefined) return null;
  if (teamId !== undefined) {
    return groupBy === 'organisation' || groupBy === 'team' ? ['team', teamId] : null;
  }
  if (channelAccountId !== undefined) {
    return groupBy === 'organisation' || groupBy === 'channel_account'
      ? ['channel_account', channelAccountId]
      : null;
  }
  return [groupBy, null];
}

export interface RangePlan {
  /** Runs of whole UTC days read from the day rows. */
  days: [number, number][];
  /** The period each of those days counts in: the one most of its hours belong to. */
  dayBucket: Map<number, number>;
  /** Runs of whole hours read from the hour rows. */
  hours: [number, number][];
  /** Hours of a whole day that belong to another period than the day's: moved out of it. */
  corrections: [number, number][];
  /** Partial hours at the ends, read from conversation_metrics. */
  fragments: [number, number][];
}

function pushRun(runs: [number, number][], start: number, end: number): void {
  const last = runs[runs.length - 1];
  if (last && last[1] === start) last[1] = end;
  else runs.push([start, end]);
}

/**
 * Splits [from, to) for the rollup. A UTC day that straddles two local periods (a Berlin day
 * holds 23 hours of one local day and 1 of the next) is still read as a day row, and its
 * minority hours are read as hour rows, moved to their own period and subtracted from the day's:
 * the counts and histograms are plain sums, so this is exact and reads a few rows instead of 24.
 */
export function planRanges(
  from: number,
  to: number,
  bucketOf: (instant: number) => number,
): RangePlan {
  const plan: RangePlan = {
    days: [],
    dayBucket: new Map(),
    hours: [],
    corrections: [],
    fragments: [],
  };
  const hourStart = Math.ceil(from / hour) * hour;
  const hourEnd = Math.floor(to / hour) * hour;
  if (hourStart >= hourEnd) {
    plan.fragments.push([from, to]);
    return plan;
  }
  if (from < hourStart) plan.fragments.push([from, hourStart]);
  if (hourEnd < to) plan.fragments.push([hourEnd, to]);
  let cursor = hourStart;
  for (let start = Math.ceil(hourStart / day) * day; start + day <= hourEnd; start += day) {
    if (cursor < start) pushRun(plan.hours, cursor, start);
    const buckets = Array.from({ length: 24 }, (_, index) => bucketOf(start + index * hour));
    const tally = new Map<number, number>();
    for (const bucket of buckets) tally.set(bucket, (tally.get(bucket) ?? 0) + 1);
    const major = [...tally].sort((a, b) => b[1] - a[1])[0]?.[0] as number;
    pushRun(plan.days, start, start + day);
    plan.dayBucket.set(start, major);
    buckets.forEach((bucket, index) => {
      const at = start + index * hour;
      if (bucket !== major) pushRun(plan.corrections, at, at + hour);
    });
    cursor = start + day;
  }
  if (cursor < hourEnd) pushRun(plan.hours, cursor, hourEnd);
  return plan;
}

/** Cells per group and report period; null when the filters need the exact path. */
export async function readRollup(
  db: Kysely<Database>,
  query: RollupQuery,
): Promise<Map<string, RollupEntry> | null> {
  const { filter, groupBy, bucketOf, targetMs } = query;
  const chosen = dimensionFor(filter, groupBy);
  if (!chosen) return null;
  const [dimension, onlyGroup] = chosen;
  const entries = new Map<string, RollupEntry>();
  const cellFor = (group: number | null, bucket: number) => {
    const key = `${group ?? ''}|${bucket}`;
    let entry = entries.get(key);
    if (!entry) {
      entry = { group, bucket, cell: emptyCell() };
      entries.set(key, entry);
    }
    return entry.cell;
  };
  const groupFor = (group: number | null) => (groupBy === 'organisation' ? 0 : group);
  // Cut the range to the history it holds: `hearken report sla` asks for all time.
  const bounds = await metricsBounds(db, filter.organisationId, filter.from, filter.to);
  if (!bounds) return entries;
  const plan = planRanges(bounds.first, bounds.last + 1, bucketOf);
  const runs = [
    ...plan.days.map((range) => ['day', range] as const),
    ...plan.hours.map((range) => ['hour', range] as const),
    ...plan.corrections.map((range) => ['correction', range] as const),
  ];
  // Straight into the result cells: thousands of rows, so no intermediate objects.
  const apply = (into: Cell, row: RollupRow, sign: 1 | -1) => {
    into.conversations += sign * Number(row.conversations);
    into.answered += sign * Number(row.answered);
    into.withPolicy += sign * Number(row.with_policy);
    into.met += sign * Number(row.met);
    into.resolved += sign * Number(row.resolved);
    if (targetMs !== null) {
      into.withinTarget += sign * countAtMostEncoded(row.frt_histogram, targetMs);
    }
    if (query.percentiles) {
      mergeEncoded(into.frt, row.frt_histogram, sign);
      mergeEncoded(into.resolution, row.resolution_histogram, sign);
    }
  };
  for (const [kind, [from, to]] of runs) {
    const rows = await loadRollupRows(db, {
      organisationId: filter.organisationId,
      granularity: kind === 'day' ? 'day' : 'hour',
      dimension,
      group: onlyGroup,
      from,
      to,
      frtHistogram: query.percentiles || targetMs !== null,
      resolutionHistogram: query.percentiles,
    });
    for (const row of rows) {
      // Stored 0 means no team or no agent (or the organisation's own row).
      const group = groupFor(Number(row.group_id) === 0 ? null : Number(row.group_id));
      const start = Number(row.period_start);
      if (kind === 'day') {
        apply(cellFor(group, plan.dayBucket.get(start) as number), row, 1);
        continue;
      }
      apply(cellFor(group, bucketOf(start)), row, 1);
      if (kind === 'correction') {
        const dayStart = Math.floor(start / day) * day;
        apply(cellFor(group, plan.dayBucket.get(dayStart) as number), row, -1);
      }
    }
  }
  const only = onlyGroup === null ? undefined : { dimension, group: onlyGroup };
  for (const [from, to] of plan.fragments) {
    for (const row of await loadMetricsRows(db, filter.organisationId, from, to, only)) {
      const cell = cellFor(groupFor(groupOf(row, dimension)), bucketOf(row.first_inbound_at));
      addRow(cell, row);
      if (targetMs !== null && row.frt_ms !== null && row.frt_ms <= targetMs)
        cell.withinTarget += 1;
    }
  }
  // A group whose only rows were subtracted away leaves an empty cell behind.
  for (const [key, entry] of entries) if (entry.cell.conversations === 0) entries.delete(key);
  return entries;
}

/** Rollup cells in the shape of the exact count query. */
export function countRowsOf(entries: Map<string, RollupEntry>): CountRow[] {
  return [...entries.values()].map(({ group, bucket, cell }) => ({
    group_id: group,
    bucket,
    conversations: cell.conversations,
    answered: cell.answered,
    with_policy: cell.withPolicy,
    met: cell.met,
    within_target: cell.withinTarget,
  }));
}

/** Histogram percentiles per group (all periods together). */
export function percentileRowsOf(
  entries: Map<string, RollupEntry>,
  column: 'frt' | 'resolution',
): PercentileRow[] {
  const merged = new Map<number | null, Cell>();
  for (const { group, cell } of entries.values()) {
    const into = merged.get(group) ?? emptyCell();
    addCell(into, cell);
    merged.set(group, into);
  }
  const rows: PercentileRow[] = [];
  for (const [group, cell] of merged) {
    const figures = histogramPercentiles(column === 'frt' ? cell.frt : cell.resolution);
    if (figures) rows.push({ group_id: group, ...figures });
  }
  return rows;
}
