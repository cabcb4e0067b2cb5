import { type Expression, type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../../platform/database/schema.js';
import { offsetPieces } from './local-time.js';

/**
 * Report queries. They read only the conversation_metrics rollup (one row per conversation),
 * through its (organisation, first customer message) index, so their cost follows the number of
 * conversations in the period, not the size of the message history.
 */
export type GroupBy = 'organisation' | 'team' | 'channel_account' | 'agent';

export interface ReportFilter {
  organisationId: number;
  from: number;
  to: number;
  teamId?: number | undefined;
  channelAccountId?: number | undefined;
}

const day = 86_400_000;
const firstInbound = sql<number>`first_inbound_at`;

/**
 * `column` plus the local offset in force at it: milliseconds of local wall-clock time. The
 * numbers are written as SQL integer literals (they come from this code, never from a request):
 * SQLite binds JS numbers as REAL, which would turn the integer divisions that follow into
 * fractions.
 */
function localTimeSql(
  column: RawBuilder<number>,
  timezone: string,
  from: number,
  to: number,
): RawBuilder<number> {
  const pieces = offsetPieces(timezone, from, to);
  const [first] = pieces;
  if (pieces.length === 1) return sql<number>`(${column} + ${sql.lit(first?.offset ?? 0)})`;
  const branches = pieces
    .slice(1)
    .map(
      (piece, index) =>
        sql`when ${column} < ${sql.lit(piece.start)} then ${column} + ${sql.lit(pieces[index]?.offset ?? 0)}`,
    );
  const last = pieces[pieces.length - 1]?.offset ?? 0;
  return sql<number>`(case ${sql.join(branches, sql` `)} else ${column} + ${sql.lit(last)} end)`;
}

const groupColumn: Record<GroupBy, RawBuilder<number | null>> = {
  organisation: sql<number | null>`0`,
  team: sql<number | null>`team_id`,
  channel_account: sql<number | null>`channel_account_id`,
  agent: sql<number | null>`agent_id`,
};

function where(filter: ReportFilter): RawBuilder<unknown> {
  const parts = [
    sql`organisation_id = ${filter.organisationId}`,
    sql`first_inbound_at >= ${filter.from}`,
    sql`first_inbound_at < ${filter.to}`,
  ];
  if (filter.teamId !== undefined) parts.push(sql`team_id = ${filter.teamId}`);
  if (filter.channelAccountId !== undefined) {
    parts.push(sql`channel_account_id = ${filter.channelAccountId}`);
  }
  return sql.join(parts, sql` and `);
}

export interface CountRow {
  group_id: number | null;
  bucket: number;
  conversations: number;
  answered: number;
  with_policy: number;
  met: number;
  within_target: number;
}

/**
 * Counts per group and bucket: the local day number in `localDaysIn` (a timezone), or one bucket
 * (0) when it is null. `targetMs` null skips within_target.
 */
export async function countFirstResponses(
  db: Kysely<Database>,
  filter: ReportFilter,
  groupBy: GroupBy,
  localDaysIn: string | null,
  targetMs: number | null,
): Promise<CountRow[]> {
  const bucket =
    localDaysIn === null
      ? null
      : sql<number>`${localTimeSql(firstInbound, localDaysIn, filter.from, filter.to)} / ${sql.lit(day)}`;
  const within =
    targetMs === null ? sql`0` : sql`sum(case when frt_ms <= ${targetMs} then 1 else 0 end)`;
  const result = await sql<CountRow>`
    select ${groupColumn[groupBy]} as group_id, ${bucket ?? sql`0`} as bucket,
      count(*) as conversations,
      count(frt_ms) as answered,
      count(policy_id) as with_policy,
      sum(case when first_response_met = 1 then 1 else 0 end) as met,
      ${within} as within_target
    from conversation_metrics
    where ${where(filter)}
    group by 1, 2`.execute(db);
  return result.rows.map((row) => ({
    group_id: row.group_id === null ? null : Number(row.group_id),
    bucket: Number(row.bucket),
    conversations: Number(row.conversations),
    answered: Number(row.answered),
    with_policy: Number(row.with_policy),
    met: Number(row.met ?? 0),
    within_target: Number(row.within_target ?? 0),
  }));
}

export interface PercentileRow {
  group_id: number | null;
  count: number;
  p50: number;
  p90: number;
}

/**
 * Nearest-rank percentiles of a column per group: the value at rank ceil(p/100 * n) of the
 * sorted values (so always a value that occurred). Rows where the column is null are left out.
 */
export async function percentiles(
  db: Kysely<Database>,
  filter: ReportFilter,
  groupBy: GroupBy,
  column: 'frt_ms' | 'resolution_ms',
): Promise<PercentileRow[]> {
  const value: Expression<number> = sql.ref(column);
  const group = groupColumn[groupBy];
  const result = await sql<{ group_id: number | null; n: number; rn: number; value: number }>`
    select group_id, n, rn, value from (
      select ${group} as group_id, ${value} as value,
        row_number() over (partition by ${group} order by ${value}) as rn,
        count(*) over (partition by ${group}) as n
      from conversation_metrics
      where ${where(filter)} and ${value} is not null
    ) ranked
    where rn = (n * 50 + 99) / 100 or rn = (n * 90 + 99) / 100`.execute(db);
  const byGroup = new Map<number | null, PercentileRow>();
  for (const row of result.rows) {
    const groupId = row.group_id === null ? null : Number(row.group_id);
    const n = Number(row.n);
    const entry = byGroup.get(groupId) ?? { group_id: groupId, count: n, p50: 0, p90: 0 };
    if (Number(row.rn) === Math.ceil(n / 2)) entry.p50 = Number(row.value);
    if (Number(row.rn) === Math.ceil((n * 9) / 10)) entry.p90 = Number(row.value);
    byGroup.set(groupId, entry);
  }
  return [...byGroup.values()];
}

/** New conversations per local hour of the week in `timezone` (0 is Monday 00:00). */
export async function countNewConversationsByHourOfWeek(
  db: Kysely<Database>,
  filter: ReportFilter,
  timezone: string,
): Promise<{ bucket: number; count: number }[]> {
  // 1970-01-01 was a Thursday: 72 hours after a Monday 00:00.
  const bucket = sql<number>`(${localTimeSql(firstInbound, timezone, filter.from, filter.to)} / 3600000 + 72) % 168`;
  const result = await sql<{ bucket: number; count: number }>`
    select ${bucket} as bucket, count(*) as count
    from conversation_metrics where ${where(filter)} group by 1`.execute(db);
  return result.rows.map((row) => ({ bucket: Number(row.bucket), count: Number(row.count) }));
}

export interface BacklogFilter {
  organisationId: number;
  now: number;
  teamId?: number | undefined;
  channelAccountId?: number | undefined;
}

/** Unresolved conversations per age bucket; `edges` are ages in milliseconds, ascending. */
export async function countBacklog(
  db: Kysely<Database>,
  filter: BacklogFilter,
  edges: number[],
): Promise<Map<number, number>> {
  const age = sql`${filter.now} - first_inbound_at`;
  const bucket = sql.join(
    edges.map((edge, index) => sql`when ${age} < ${edge} then ${sql.lit(index)}`),
    sql` `,
  );
  const parts = [
    sql`organisation_id = ${filter.organisationId}`,
    sql`status in ('open', 'pending', 'snoozed')`,
  ];
  if (filter.teamId !== undefined) parts.push(sql`team_id = ${filter.teamId}`);
  if (filter.channelAccountId !== undefined)
    parts.push(sql`channel_account_id = ${filter.channelAccountId}`);
  const result = await sql<{ bucket: number; count: number }>`
    select case ${bucket} else ${sql.lit(edges.length)} end as bucket, count(*) as count
    from conversation_metrics where ${sql.join(parts, sql` and `)} group by 1`.execute(db);
  return new Map(result.rows.map((row) => [Number(row.bucket), Number(row.count)]));
}

/**
 * Breached or overdue conversations, newest first: the breached ones through the partial index
 * conversation_metrics_breached, the overdue ones through conversation_sla's due-time index,
 * each branch cut at `limit` before they are merged.
 */
export async function listBreaching(
  db: Kysely<Database>,
  filter: ReportFilter,
  now: number,
  limit: number,
) {
  const result = await sql<{
    conversation_id: number;
    status: string;
    team_id: number | null;
    channel_account_id: number;
    agent_id: number | null;
    first_inbound_at: number;
    first_response_at: number | null;
    frt_ms: number | null;
    first_response_breached: number;
    next_response_breached: number;
    resolution_breached: number;
    next_due_at: number | null;
  }>`
    select m.conversation_id, m.status, m.team_id, m.channel_account_id, m.agent_id,
      m.first_inbound_at, m.first_response_at, m.frt_ms, m.first_response_breached,
      m.next_response_breached, m.resolution_breached, s.next_due_at
    from conversation_metrics m
    left join conversation_sla s on s.conversation_id = m.conversation_id
    where m.conversation_id in (
      select conversation_id from (
        select conversation_id from conversation_metrics
        where ${where(filter)}
          and (first_response_breached = 1 or next_response_breached = 1 or resolution_breached = 1)
        order by first_inbound_at desc, conversation_id desc limit ${limit}) breached
      union
      select conversation_id from (
        select o.conversation_id from conversation_sla o
        join conversation_metrics x on x.conversation_id = o.conversation_id
        where o.organisation_id = ${filter.organisationId} and o.next_due_at < ${now}
          and x.first_inbound_at >= ${filter.from} and x.first_inbound_at < ${filter.to}
          ${filter.teamId === undefined ? sql`` : sql`and x.team_id = ${filter.teamId}`}
          ${filter.channelAccountId === undefined ? sql`` : sql`and x.channel_account_id = ${filter.channelAccountId}`}
        order by x.first_inbound_at desc, x.conversation_id desc limit ${limit}) overdue)
    order by m.first_inbound_at desc, m.conversation_id desc
    limit ${limit}`.execute(db);
  return result.rows.map((row) => ({
    ...row,
    conversation_id: Number(row.conversation_id),
    team_id: row.team_id === null ? null : Number(row.team_id),
    channel_account_id: Number(row.channel_account_id),
    agent_id: row.agent_id === null ? null : Number(row.agent_id),
    first_inbound_at: Number(row.first_inbound_at),
    first_response_at: row.first_response_at === null ? null : Number(row.first_response_at),
    frt_ms: row.frt_ms === null ? null : Number(row.frt_ms),
    next_due_at: row.next_due_at === null ? null : Number(row.next_due_at),
  }));
}

/** Names of teams, channel accounts and users, for labelling groups. */
export async function groupNames(
  db: Kysely<Database>,
  organisationId: number,
  groupBy: GroupBy,
): Promise<Map<number, string>> {
  if (groupBy === 'organisation') return new Map();
  const rows =
    groupBy === 'team'
      ? await db
          .selectFrom('teams')
          .select(['id', 'name'])
          .where('organisation_id', '=', organisationId)
          .execute()
      : groupBy === 'agent'
        ? await db
            .selectFrom('users')
            .select(['id', 'name'])
            .where('organisation_id', '=', organisationId)
            .execute()
        : await db
            .selectFrom('channel_accounts')
            .select(['id', sql<string>`channel || ':' || handle`.as('name')])
            .where('organisation_id', '=', organisationId)
            .execute();
  return new Map(rows.map((row) => [row.id, row.name]));
}
