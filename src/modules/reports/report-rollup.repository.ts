import { type Kysely, sql } from 'kysely';
import { chunksOf } from '../../platform/database/chunks.js';
import { lockOrganisation } from '../../platform/database/organisation-lock.js';
import type { Database, ReportRollupTable } from '../../platform/database/schema.js';
import {
  addTo,
  bucketOf,
  encodeHistogram,
  type Histogram,
  mergeEncoded,
} from './report-histogram.js';

/**
 * Maintenance of report_rollup, the pre-aggregate HTTP reports read at scale. Per UTC hour and
 * per UTC day it holds one row per group of each dimension (the organisation, each team, each
 * channel account, each agent) rather than one row per combination of them: with 60 agents and
 * 24 accounts almost every conversation of an hour is its own combination, so a combined key
 * would store as many rows as conversation_metrics. It is never incremented: the hours a change
 * touches are recomputed from conversation_metrics, and their days from those hours, so running
 * it twice, or after any change, gives the same rows.
 */
export type Dimension = ReportRollupTable['dimension'];
export const dimensions: Dimension[] = ['organisation', 'team', 'channel_account', 'agent'];

export const hour = 3_600_000;
export const day = 86_400_000;

export interface MetricsRow {
  channel_account_id: number;
  team_id: number | null;
  agent_id: number | null;
  first_inbound_at: number;
  frt_ms: number | null;
  resolution_ms: number | null;
  policy_id: number | null;
  first_response_met: number | null;
}

export interface Cell {
  conversations: number;
  answered: number;
  withPolicy: number;
  met: number;
  resolved: number;
  /** Answered within a report's target: filled when reading, never stored. */
  withinTarget: number;
  frt: Histogram;
  resolution: Histogram;
}

export function emptyCell(): Cell {
  return {
    conversations: 0,
    answered: 0,
    withPolicy: 0,
    met: 0,
    resolved: 0,
    withinTarget: 0,
    frt: new Map(),
    resolution: new Map(),
  };
}

export function groupOf(row: MetricsRow, dimension: Dimension): number | null {
  if (dimension === 'organisation') return 0;
  if (dimension === 'team') return row.team_id;
  if (dimension === 'channel_account') return row.channel_account_id;
  return row.agent_id;
}

export function addRow(cell: Cell, row: MetricsRow): void {
  cell.conversations += 1;
  if (row.frt_ms !== null) {
    cell.answered += 1;
    addTo(cell.frt, bucketOf(row.frt_ms));
  }
  if (row.policy_id !== null) cell.withPolicy += 1;
  if (row.first_response_met === 1) cell.met += 1;
  if (row.resolution_ms !== null) {
    cell.resolved += 1;
    addTo(cell.resolution, bucketOf(row.resolution_ms));
  }
}

export function addCell(into: Cell, cell: Cell): void {
  into.conversations += cell.conversations;
  into.answered += cell.answered;
  into.withPolicy += cell.withPolicy;
  into.met += cell.met;
  into.resolved += cell.resolved;
  into.withinTarget += cell.withinTarget;
  for (const [bucket, count] of cell.frt) addTo(into.frt, bucket, count);
  for (const [bucket, count] of cell.resolution) addTo(into.resolution, bucket, count);
}

type CellKey = string;
const keyOf = (dimension: Dimension, group: number | null, periodStart: number): CellKey =>
  `${dimension}|${group ?? ''}|${periodStart}`;

/** Cells of one granularity, keyed by dimension, group and period start. */
class CellSet {
  readonly cells = new Map<
    CellKey,
    { dimension: Dimension; group: number | null; start: number; cell: Cell }
  >();

  cellFor(dimension: Dimension, group: number | null, start: number): Cell {
    const key = keyOf(dimension, group, start);
    let entry = this.cells.get(key);
    if (!entry) {
      entry = { dimension, group, start, cell: emptyCell() };
      this.cells.set(key, entry);
    }
    return entry.cell;
  }

  addMetrics(row: MetricsRow, start: number): void {
    for (const dimension of dimensions)
      addRow(this.cellFor(dimension, groupOf(row, dimension), start), row);
  }
}

const metricsColumns = sql`channel_account_id, team_id, agent_id, first_inbound_at, frt_ms,
  resolution_ms, policy_id, first_response_met`;

function toMetricsRow(row: Record<string, unknown>): MetricsRow {
  const optional = (value: unknown) => (value === null ? null : Number(value));
  return {
    channel_account_id: Number(row.channel_account_id),
    team_id: optional(row.team_id),
    agent_id: optional(row.agent_id),
    first_inbound_at: Number(row.first_inbound_at),
    frt_ms: optional(row.frt_ms),
    resolution_ms: optional(row.resolution_ms),
    policy_id: optional(row.policy_id),
    first_response_met: optional(row.first_response_met),
  };
}

/** One group of one dimension (a rollup filter); the organisation is never filtered this way. */
export interface OnlyGroup {
  dimension: Dimension;
  group: number;
}

function onlyGroupSql(only: OnlyGroup | undefined) {
  if (only === undefined) return sql``;
  return only.dimension === 'team'
    ? sql`and team_id = ${only.group}`
    : sql`and channel_account_id = ${only.group}`;
}

/** conversation_metrics rows of first customer messages in [from, to). */
export async function loadMetricsRows(
  db: Kysely<Database>,
  organisationId: number,
  from: number,
  to: number,
  only?: OnlyGroup,
): Promise<MetricsRow[]> {
  const extra = onlyGroupSql(only);
  const result = await sql<Record<string, unknown>>`
    select ${metricsColumns} from conversation_metrics
    where organisation_id = ${organisationId} and first_inbound_at >= ${from}
      and first_inbound_at < ${to} ${extra}`.execute(db);
  return result.rows.map(toMetricsRow);
}

/**
 * The first and last first-customer-message instants of the organisation in [from, to), or null
 * when it has none there.
 */
export async function metricsBounds(
  db: Kysely<Database>,
  organisationId: number,
  from: number,
  to: number,
): Promise<{ first: number; last: number } | null> {
  const bounds = await sql<{ first: number | null; last: number | null }>`
    select
      (select min(first_inbound_at) from conversation_metrics
       where organisation_id = ${organisationId} and first_inbound_at >= ${from}) as first,
      (select max(first_inbound_at) from conversation_metrics
       where organisation_id = ${organisationId} and first_inbound_at < ${to}) as last`.execute(db);
  const { first, last } = bounds.rows[0] ?? { first: null, last: null };
  if (first === null || last === null || Number(first) > Number(last)) return null;
  return { first: Number(first), last: Number(last) };
}

export interface RollupRow {
  period_start: number;
  group_id: number;
  conversations: number;
  answered: number;
  with_policy: number;
  met: number;
  resolved: number;
  frt_histogram: string;
  resolution_histogram: string;
}

export interface RollupRange {
  organisationId: number;
  granularity: 'hour' | 'day';
  dimension: Dimension;
  /** One group of the dimension, or all of them. */
  group: number | null;
  from: number;
  to: number;
  /** Whether to read the histograms ('[]' otherwise): parsing them is most of the work. */
  frtHistogram: boolean;
  resolutionHistogram: boolean;
}

/** report_rollup rows of one granularity and dimension with period starts in [from, to). */
export async function loadRollupRows(
  db: Kysely<Database>,
  range: RollupRange,
): Promise<RollupRow[]> {
  const { organisationId, granularity, dimension, group, from, to } = range;
  const result = await sql<RollupRow>`
    select period_start, group_id, conversations, answered, with_policy, met, resolved,
      ${range.frtHistogram ? sql`frt_histogram` : sql`'[]' as frt_histogram`},
      ${range.resolutionHistogram ? sql`resolution_histogram` : sql`'[]' as resolution_histogram`}
    from report_rollup
    where organisation_id = ${organisationId} and granularity = ${granularity}
      and dimension = ${dimension} and period_start >= ${from} and period_start < ${to}
      ${group === null ? sql`` : sql`and group_id = ${group}`}`.execute(db);
  return result.rows;
}

/** Hour starts of the first customer messages of these conversations (as stored now). */
export async function rollupHoursOf(
  db: Kysely<Database>,
  conversationIds: number[],
): Promise<Set<number>> {
  const hours = new Set<number>();
  for (const chunk of chunksOf(conversationIds, 500)) {
    const rows = await db
      .selectFrom('conversation_metrics')
      .select('first_inbound_at')
      .where('conversation_id', 'in', chunk)
      .execute();
    for (const row of rows) hours.add(Math.floor(Number(row.first_inbound_at) / hour) * hour);
  }
  return hours;
}

async function writeCells(
  db: Kysely<Database>,
  organisationId: number,
  granularity: 'hour' | 'day',
  cells: CellSet,
): Promise<void> {
  const rows = [...cells.cells.values()].map(({ dimension, group, start, cell }) => ({
    organisation_id: organisationId,
    granularity,
    dimension,
    period_start: start,
    group_id: group ?? 0,
    conversations: cell.conversations,
    answered: cell.answered,
    with_policy: cell.withPolicy,
    met: cell.met,
    resolved: cell.resolved,
    frt_histogram: encodeHistogram(cell.frt),
    resolution_histogram: encodeHistogram(cell.resolution),
  }));
  for (const chunk of chunksOf(rows, 400)) {
    await db.insertInto('report_rollup').values(chunk).execute();
  }
}

async function deletePeriods(
  db: Kysely<Database>,
  organisationId: number,
  granularity: 'hour' | 'day',
  starts: number[],
): Promise<void> {
  for (const chunk of chunksOf(starts, 500)) {
    await db
      .deleteFrom('report_rollup')
      .where('organisation_id', '=', organisationId)
      .where('granularity', '=', granularity)
      .where('dimension', 'in', dimensions)
      .where('period_start', 'in', chunk)
      .execute();
  }
}

/** Contiguous [from, to) runs of sorted period starts of length `span`. */
function runsOf(starts: number[], span: number): [number, number][] {
  const runs: [number, number][] = [];
  for (const start of starts) {
    const last = runs[runs.length - 1];
    if (last && last[1] === start) last[1] = start + span;
    else runs.push([start, start + span]);
  }
  return runs;
}

/**
 * Recomputes the given UTC hours from conversation_metrics, then their days from the hours.
 * On PostgreSQL an advisory lock serialises this per organisation, taken before reading, so a
 * transaction that waited reads what the other committed instead of writing back an older view.
 */
export async function rebuildRollupHours(
  db: Kysely<Database>,
  organisationId: number,
  hourStarts: Iterable<number>,
): Promise<void> {
  const hours = [...new Set(hourStarts)].sort((a, b) => a - b);
  if (hours.length === 0) return;
  await lockOrganisation(db, 'reportRollup', organisationId);
  const hourCells = new CellSet();
  for (const [from, to] of runsOf(hours, hour)) {
    for (const row of await loadMetricsRows(db, organisationId, from, to)) {
      hourCells.addMetrics(row, Math.floor(row.first_inbound_at / hour) * hour);
    }
  }
  await deletePeriods(db, organisationId, 'hour', hours);
  await writeCells(db, organisationId, 'hour', hourCells);

  const days = [...new Set(hours.map((start) => Math.floor(start / day) * day))];
  const dayCells = new CellSet();
  for (const [from, to] of runsOf(days, day)) {
    const rows = await db
      .selectFrom('report_rollup')
      .selectAll()
      .where('organisation_id', '=', organisationId)
      .where('granularity', '=', 'hour')
      .where('dimension', 'in', dimensions)
      .where('period_start', '>=', from)
      .where('period_start', '<', to)
      .execute();
    for (const row of rows) {
      const start = Math.floor(Number(row.period_start) / day) * day;
      const group = Number(row.group_id);
      addCell(dayCells.cellFor(row.dimension, group, start), cellOfRow(row));
    }
  }
  await deletePeriods(db, organisationId, 'day', days);
  await writeCells(db, organisationId, 'day', dayCells);
}

export function cellOfRow(row: {
  conversations: number;
  answered: number;
  with_policy: number;
  met: number;
  resolved: number;
  frt_histogram: string;
  resolution_histogram: string;
}): Cell {
  const cell: Cell = {
    conversations: Number(row.conversations),
    answered: Number(row.answered),
    withPolicy: Number(row.with_policy),
    met: Number(row.met),
    resolved: Number(row.resolved),
    withinTarget: 0,
    frt: new Map(),
    resolution: new Map(),
  };
  mergeEncoded(cell.frt, row.frt_histogram);
  mergeEncoded(cell.resolution, row.resolution_histogram);
  return cell;
}

/**
 * Rebuilds the whole rollup of an organisation from conversation_metrics in one ordered pass,
 * writing each UTC day (its hours and the day) once the scan has moved past it.
 */
export async function rebuildReportRollup(
  db: Kysely<Database>,
  organisationId: number,
): Promise<void> {
  await db.deleteFrom('report_rollup').where('organisation_id', '=', organisationId).execute();
  const bounds = await db
    .selectFrom('conversation_metrics')
    .select((eb) => [
      eb.fn.min('first_inbound_at').as('first'),
      eb.fn.max('first_inbound_at').as('last'),
    ])
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
  if (bounds?.first === null || bounds?.first === undefined) return;
  const first = Math.floor(Number(bounds.first) / day) * day;
  const last = Number(bounds.last);
  // A week at a time: bounded memory, few queries even for years of sparse history.
  const window = 7 * day;
  for (let from = first; from <= last; from += window) {
    const rows = await loadMetricsRows(db, organisationId, from, from + window);
    if (rows.length === 0) continue;
    const hourCells = new CellSet();
    const dayCells = new CellSet();
    for (const row of rows) {
      hourCells.addMetrics(row, Math.floor(row.first_inbound_at / hour) * hour);
      dayCells.addMetrics(row, Math.floor(row.first_inbound_at / day) * day);
    }
    await writeCells(db, organisationId, 'hour', hourCells);
    await writeCells(db, organisationId, 'day', dayCells);
  }
}

/** Rebuilds the rollup of every organisation that has metrics (a database migrated with history). */
export async function rebuildAllReportRollups(db: Kysely<Database>): Promise<void> {
  const organisations = await db
    .selectFrom('conversation_metrics')
    .select('organisation_id')
    .distinct()
    .execute();
  for (const { organisation_id } of organisations) {
    await rebuildReportRollup(db, Number(organisation_id));
  }
}
