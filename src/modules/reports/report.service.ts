import type { Kysely } from 'kysely';
import type { AppContext } from '../../platform/context.js';
import type { Database } from '../../platform/database/schema.js';
import { AppError } from '../../platform/errors.js';
import type { Principal } from '../auth/index.js';
import { isValidTimezone } from '../calendars/index.js';
import { maximumLocalRangeDays } from './local-time.js';
import {
  countBacklog,
  countNewConversationsByHourOfWeek,
  type GroupBy,
  groupNames,
  listBreaching,
  type ReportFilter,
} from './report.repository.js';
import {
  type AttainmentQuery,
  attainmentCounts,
  groupFigures,
  type Period,
  type ReportOptions,
} from './report-source.js';

/**
 * Reports over conversation_metrics and its pre-aggregate report_rollup (report-source.ts picks
 * one). Definitions (which conversations count, the percentile method, attainment) are written
 * in docs/metrics.md; keep the two in step.
 */
export type { AttainmentQuery, Period, ReportOptions };

const day = 86_400_000;
export const defaultReportDays = 30;

export interface RangeQuery {
  from?: string | undefined;
  to?: string | undefined;
}

function instantOf(text: string, field: string): number {
  const value = /^\d{4}-\d{2}-\d{2}$/.test(text)
    ? Date.parse(`${text}T00:00:00Z`)
    : Date.parse(text);
  if (Number.isNaN(value)) {
    throw new AppError('validation_failed', `${field} is not a date`, [
      { path: `querystring/${field}`, message: 'use a date (2026-01-31) or an ISO 8601 date-time' },
    ]);
  }
  return value;
}

/** [from, to) of first customer messages; by default the last 30 days up to `now`. */
export function reportRange(query: RangeQuery, now: number): { from: number; to: number } {
  const to = query.to ? instantOf(query.to, 'to') : now;
  const from = query.from ? instantOf(query.from, 'from') : to - defaultReportDays * day;
  if (from >= to) {
    throw new AppError('validation_failed', 'from must be before to', [
      { path: 'querystring/from', message: 'must be before to' },
    ]);
  }
  return { from, to };
}

export function checkTimezone(timezone: string): string {
  if (!isValidTimezone(timezone)) {
    throw new AppError('validation_failed', 'unknown timezone', [
      { path: 'querystring/tz', message: 'use an IANA timezone such as Europe/Berlin' },
    ]);
  }
  return timezone;
}

const percent = (part: number, whole: number) =>
  whole === 0 ? null : Math.round((part / whole) * 10_000) / 100;
const seconds = (milliseconds: number | undefined) =>
  milliseconds === undefined ? null : milliseconds / 1000;

function checkLocalRange(filter: ReportFilter): void {
  if (filter.to - filter.from > maximumLocalRangeDays * day) {
    throw new AppError('validation_failed', 'the range is too long for a report by local time', [
      { path: 'querystring/from', message: `cover at most ${maximumLocalRangeDays} days` },
    ]);
  }
}

/** Local start date (YYYY-MM-DD) of the period holding local day `local`; weeks start Monday. */
function periodStart(period: Period, local: number): string {
  const weekday = (((local + 4) % 7) + 7) % 7;
  const start = period === 'week' ? local - ((weekday + 6) % 7) : local;
  const date = new Date(start * day).toISOString().slice(0, 10);
  return period === 'month' ? `${date.slice(0, 7)}-01` : date;
}

export async function slaAttainment(db: Kysely<Database>, query: AttainmentQuery) {
  const { filter, groupBy, period } = query;
  if (period !== 'none') checkLocalRange(filter);
  const [rows, names] = await Promise.all([
    attainmentCounts(db, query),
    groupNames(db, filter.organisationId, groupBy),
  ]);
  const folded = new Map<
    string,
    {
      group: number | null;
      period: string | null;
      conversations: number;
      answered: number;
      counted: number;
      met: number;
    }
  >();
  for (const row of rows) {
    const start = period === 'none' ? null : periodStart(period, row.bucket);
    const key = `${row.group_id}\u0000${start}`;
    const entry = folded.get(key) ?? {
      group: row.group_id,
      period: start,
      conversations: 0,
      answered: 0,
      counted: 0,
      met: 0,
    };
    entry.conversations += row.conversations;
    entry.answered += row.answered;
    // With a fixed target every conversation counts; otherwise those under an SLA policy.
    entry.counted += query.targetMs === undefined ? row.with_policy : row.conversations;
    entry.met += query.targetMs === undefined ? row.met : row.within_target;
    folded.set(key, entry);
  }
  return [...folded.values()]
    .sort(
      (a, b) => (a.period ?? '').localeCompare(b.period ?? '') || (a.group ?? 0) - (b.group ?? 0),
    )
    .map((entry) => ({
      group_id: groupBy === 'organisation' ? null : entry.group,
      group_name:
        groupBy === 'organisation'
          ? 'organisation'
          : entry.group === null
            ? null
            : (names.get(entry.group) ?? null),
      period_start: entry.period,
      conversations: entry.conversations,
      answered: entry.answered,
      under_target: entry.counted,
      met: entry.met,
      attainment_pct: percent(entry.met, entry.counted),
    }));
}

export async function responseTimes(
  db: Kysely<Database>,
  filter: ReportFilter,
  groupBy: GroupBy,
  options: ReportOptions = {},
) {
  const [{ counts, frt, resolution }, names] = await Promise.all([
    groupFigures(db, filter, groupBy, null, options),
    groupNames(db, filter.organisationId, groupBy),
  ]);
  const frtOf = new Map(frt.map((row) => [row.group_id, row]));
  const resolutionOf = new Map(resolution.map((row) => [row.group_id, row]));
  return counts
    .sort((a, b) => (a.group_id ?? 0) - (b.group_id ?? 0))
    .map((row) => ({
      group_id: groupBy === 'organisation' ? null : row.group_id,
      group_name:
        groupBy === 'organisation'
          ? 'organisation'
          : row.group_id === null
            ? null
            : (names.get(row.group_id) ?? null),
      conversations: row.conversations,
      answered: row.answered,
      frt_p50_s: seconds(frtOf.get(row.group_id)?.p50),
      frt_p90_s: seconds(frtOf.get(row.group_id)?.p90),
      resolved: resolutionOf.get(row.group_id)?.count ?? 0,
      resolution_p50_s: seconds(resolutionOf.get(row.group_id)?.p50),
      resolution_p90_s: seconds(resolutionOf.get(row.group_id)?.p90),
    }));
}

export interface FirstResponseFigures {
  conversations: number;
  answered: number;
  frt_p50_s: number | null;
  frt_p90_s: number | null;
  within_target: number;
  /** Answered within the target, as a share of all conversations (unanswered ones miss). */
  within_target_pct: number | null;
  /** The same count as a share of the answered conversations only. */
  within_target_of_answered_pct: number | null;
}

/** `hearken report sla`: calendar-time first response figures, organisation and per account. */
export async function firstResponseSummary(
  db: Kysely<Database>,
  filter: ReportFilter,
  targetMs: number,
  options: ReportOptions = {},
) {
  const figures = async (groupBy: GroupBy) => {
    const [{ counts, frt }, names] = await Promise.all([
      groupFigures(db, filter, groupBy, targetMs, options),
      groupNames(db, filter.organisationId, groupBy),
    ]);
    const frtOf = new Map(frt.map((row) => [row.group_id, row]));
    return counts
      .sort((a, b) => (a.group_id ?? 0) - (b.group_id ?? 0))
      .map((row) => ({
        id: row.group_id,
        name: row.group_id === null ? null : (names.get(row.group_id) ?? null),
        figures: {
          conversations: row.conversations,
          answered: row.answered,
          frt_p50_s: seconds(frtOf.get(row.group_id)?.p50),
          frt_p90_s: seconds(frtOf.get(row.group_id)?.p90),
          within_target: row.within_target,
          within_target_pct: percent(row.within_target, row.conversations),
          within_target_of_answered_pct: percent(row.within_target, row.answered),
        } satisfies FirstResponseFigures,
      }));
  };
  const [organisation, accounts] = await Promise.all([
    figures('organisation'),
    figures('channel_account'),
  ]);
  const empty: FirstResponseFigures = {
    conversations: 0,
    answered: 0,
    frt_p50_s: null,
    frt_p90_s: null,
    within_target: 0,
    within_target_pct: null,
    within_target_of_answered_pct: null,
  };
  return {
    organisation: organisation[0]?.figures ?? empty,
    channel_accounts: accounts.map((account) => ({
      id: account.id,
      name: account.name,
      ...account.figures,
    })),
  };
}

const weekdays = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/** New conversations per local hour of the week (168 cells, Monday 00:00 first). */
export async function volumeByHourOfWeek(
  db: Kysely<Database>,
  filter: ReportFilter,
  timezone: string,
) {
  checkLocalRange(filter);
  const counts = new Array<number>(168).fill(0);
  for (const row of await countNewConversationsByHourOfWeek(db, filter, timezone))
    counts[row.bucket] = row.count;
  return counts.map((count, index) => ({
    weekday: weekdays[(Math.floor(index / 24) + 1) % 7] as string,
    hour: index % 24,
    conversations: count,
  }));
}

const backlogEdges = [
  { label: 'under_1h', below: 3_600_000 },
  { label: '1h_to_4h', below: 4 * 3_600_000 },
  { label: '4h_to_24h', below: day },
  { label: '1d_to_3d', below: 3 * day },
  { label: '3d_to_7d', below: 7 * day },
];

/** Unresolved conversations by the age of their first customer message. */
export async function backlog(db: Kysely<Database>, filter: Parameters<typeof countBacklog>[1]) {
  const counts = await countBacklog(
    db,
    filter,
    backlogEdges.map((edge) => edge.below),
  );
  return [...backlogEdges.map((edge) => edge.label), 'over_7d'].map((label, index) => ({
    age: label,
    conversations: counts.get(index) ?? 0,
  }));
}

/** A report request's range and filters, as the API names them. */
export interface ReportRequest extends RangeQuery {
  team_id?: number | undefined;
  channel_account_id?: number | undefined;
}

function filterOf(principal: Principal, request: ReportRequest, now: number): ReportFilter {
  return {
    organisationId: principal.organisationId,
    ...reportRange(request, now),
    teamId: request.team_id,
    channelAccountId: request.channel_account_id,
  };
}

export async function slaAttainmentReport(
  context: AppContext,
  principal: Principal,
  request: ReportRequest & {
    group_by?: GroupBy | undefined;
    period?: Period | undefined;
    tz?: string | undefined;
    target_seconds?: number | undefined;
  },
) {
  const filter = filterOf(principal, request, Date.now());
  return slaAttainment(context.database.db, {
    filter,
    groupBy: request.group_by ?? 'organisation',
    period: request.period ?? 'none',
    timezone: checkTimezone(request.tz ?? 'UTC'),
    targetMs: request.target_seconds === undefined ? undefined : request.target_seconds * 1000,
  });
}

export async function responseTimesReport(
  context: AppContext,
  principal: Principal,
  request: ReportRequest & { group_by?: GroupBy | undefined },
) {
  return responseTimes(
    context.database.db,
    filterOf(principal, request, Date.now()),
    request.group_by ?? 'organisation',
  );
}

export async function firstResponseReport(
  context: AppContext,
  principal: Principal,
  request: ReportRequest & { target_seconds: number },
) {
  return firstResponseSummary(
    context.database.db,
    filterOf(principal, request, Date.now()),
    request.target_seconds * 1000,
  );
}

export async function volumeReport(
  context: AppContext,
  principal: Principal,
  request: ReportRequest & { tz?: string | undefined },
) {
  const filter = filterOf(principal, request, Date.now());
  return volumeByHourOfWeek(context.database.db, filter, checkTimezone(request.tz ?? 'UTC'));
}

export async function backlogReport(
  context: AppContext,
  principal: Principal,
  request: Omit<ReportRequest, 'from' | 'to'>,
) {
  return backlog(context.database.db, {
    organisationId: principal.organisationId,
    now: Date.now(),
    teamId: request.team_id,
    channelAccountId: request.channel_account_id,
  });
}

/** Breached or overdue conversations, newest first, and the instant "overdue" was judged at. */
export async function breachesReport(
  context: AppContext,
  principal: Principal,
  request: ReportRequest & { limit?: number | undefined },
) {
  const now = Date.now();
  const filter = filterOf(principal, request, now);
  const conversations = await listBreaching(context.database.db, filter, now, request.limit ?? 100);
  return { now, conversations };
}
