import { type Kysely, sql } from 'kysely';
import type { Database } from '../../platform/database/schema.js';
import type { CountRow, GroupBy, PercentileRow, ReportFilter } from './report.repository.js';
import { countAtMost, histogramPercentiles } from './report-histogram.js';
import {
  addCell,
  addRow,
  type Cell,
  cellOfRow,
  type Dimension,
  day,
  emptyCell,
  groupOf,
  hour,
  loadMetricsRows,
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
  /** Whether the histograms are needed (parsing them is most of the work). */
  histograms: boolean;
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

/** Splits [from, to) into day runs, hour runs and partial-hour fragments. */
export function planRanges(from: number, to: number, bucketOf: (instant: number) => number) {
  const hourStart = Math.ceil(from / hour) * hour;
  const hourEnd = Math.floor(to / hour) * hour;
  if (hourStart >= hourEnd) return { days: [], hours: [], fragments: [[from, to]] };
  const fragments: [number, number][] = [];
  if (from < hourStart) fragments.push([from, hourStart]);
  if (hourEnd < to) fragments.push([hourEnd, to]);
  const days: [number, number][] = [];
  const hours: [number, number][] = [];
  const push = (runs: [number, number][], start: number, end: number) => {
    const last = runs[runs.length - 1];
    if (last && last[1] === start) last[1] = end;
    else runs.push([start, end]);
  };
  let cursor = hourStart;
  for (let start = Math.ceil(hourStart / day) * day; start + day <= hourEnd; start += day) {
    if (bucketOf(start) !== bucketOf(start + day - 1)) continue;
    if (cursor < start) push(hours, cursor, start);
    push(days, start, start + day);
    cursor = start + day;
  }
  if (cursor < hourEnd) push(hours, cursor, hourEnd);
  return { days, hours, fragments };
}

/** Cells per group and report period; null when the filters need the exact path. */
export async function readRollup(
  db: Kysely<Database>,
  query: RollupQuery,
): Promise<Map<string, RollupEntry> | null> {
  const { filter, groupBy, bucketOf } = query;
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
  const plan = planRanges(filter.from, filter.to, bucketOf);
  const runs = [
    ...plan.days.map((range) => ['day', range] as const),
    ...plan.hours.map((range) => ['hour', range] as const),
  ];
  for (const [granularity, [from, to]] of runs) {
    const rows = await sql<{
      period_start: number;
      group_id: number | null;
      conversations: number;
      answered: number;
      with_policy: number;
      met: number;
      resolved: number;
      frt_histogram: string;
      resolution_histogram: string;
    }>`
      select period_start, group_id, conversations, answered, with_policy, met, resolved,
        ${query.histograms ? sql`frt_histogram, resolution_histogram` : sql`'[]' as frt_histogram, '[]' as resolution_histogram`}
      from report_rollup
      where organisation_id = ${filter.organisationId} and granularity = ${granularity}
        and dimension = ${dimension} and period_start >= ${from} and period_start < ${to}
        ${onlyGroup === null ? sql`` : sql`and group_id = ${onlyGroup}`}`.execute(db);
    for (const row of rows.rows) {
      const group = row.group_id === null ? null : Number(row.group_id);
      addCell(cellFor(groupFor(group), bucketOf(Number(row.period_start))), cellOfRow(row));
    }
  }
  const extra =
    onlyGroup === null
      ? sql``
      : dimension === 'team'
        ? sql`and team_id = ${onlyGroup}`
        : sql`and channel_account_id = ${onlyGroup}`;
  for (const [from, to] of plan.fragments) {
    for (const row of await loadMetricsRows(db, filter.organisationId, from, to, extra)) {
      addRow(cellFor(groupFor(groupOf(row, dimension)), bucketOf(row.first_inbound_at)), row);
    }
  }
  return entries;
}

/** Rollup cells in the shape of the exact count query. */
export function countRowsOf(
  entries: Map<string, RollupEntry>,
  targetMs: number | null,
): CountRow[] {
  return [...entries.values()].map(({ group, bucket, cell }) => ({
    group_id: group,
    bucket,
    conversations: cell.conversations,
    answered: cell.answered,
    with_policy: cell.withPolicy,
    met: cell.met,
    within_target: targetMs === null ? 0 : countAtMost(cell.frt, targetMs),
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
