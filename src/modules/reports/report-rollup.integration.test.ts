import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../../platform/database/connection.js';
import type { Database } from '../../platform/database/schema.js';
import { createTestRuntime, type TestRuntime } from '../../test/test-runtime.js';
import type { GroupBy, ReportFilter } from './report.repository.js';
import {
  firstResponseSummary,
  type Period,
  responseTimes,
  slaAttainment,
} from './report.service.js';
import { bucketOf } from './report-histogram.js';
import { rebuildReportRollup, rebuildRollupHours } from './report-rollup.repository.js';

/**
 * The rollup must give the exact answers: the same counts as conversation_metrics for any range,
 * grouping, period and timezone, and percentiles in the bucket of the exact nearest-rank value.
 * The data set is generated straight into conversation_metrics (the rollup's only source).
 */
let runtime: TestRuntime;
const hour = 3_600_000;
const day = 24 * hour;
const start = Date.parse('2026-03-20T00:00:00Z'); // spans the European DST change of 29 March
const days = 21;

function generator(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

type MetricsInsert = Database['conversation_metrics'];

function generate(count: number): MetricsInsert[] {
  const random = generator(7);
  const rows: MetricsInsert[] = [];
  for (let id = 1; id <= count; id++) {
    const firstInbound = start + Math.floor(random() * days * day);
    const answered = random() < 0.85;
    // Whole seconds, like imported data: many ties, and values that sit on bucket edges.
    const frt = answered ? Math.round(Math.exp(2 + random() * 10)) * 1000 : null;
    const resolved = answered && random() < 0.7;
    const policy = random() < 0.6 ? 1 : null;
    rows.push({
      conversation_id: id,
      organisation_id: runtime.organisationId,
      channel_account_id: 1 + Math.floor(random() * 5),
      team_id: random() < 0.1 ? null : 1 + Math.floor(random() * 3),
      agent_id: random() < 0.2 ? null : 1 + Math.floor(random() * 12),
      status: resolved ? 'resolved' : 'open',
      first_inbound_at: firstInbound,
      first_response_at: frt === null ? null : firstInbound + frt,
      frt_ms: frt,
      resolved_at: null,
      resolution_ms: resolved ? (frt as number) + Math.round(random() * 5 * day) : null,
      reopen_count: 0,
      policy_id: policy,
      first_response_met: policy === null || frt === null ? null : random() < 0.7 ? 1 : 0,
      first_response_breached: 0,
      next_response_breached: 0,
      resolution_breached: 0,
      updated_at: 0,
    });
  }
  return rows;
}

async function rollupRows() {
  const rows = await runtime.database.db
    .selectFrom('report_rollup')
    .selectAll()
    .where('organisation_id', '=', runtime.organisationId)
    .execute();
  return rows
    .map((row) => JSON.stringify({ ...row, period_start: Number(row.period_start) }))
    .sort();
}

beforeAll(async () => {
  runtime = await createTestRuntime();
  const rows = generate(6000);
  for (let index = 0; index < rows.length; index += 500) {
    await runtime.database.db
      .insertInto('conversation_metrics')
      .values(rows.slice(index, index + 500))
      .execute();
  }
  await rebuildReportRollup(runtime.database.db, runtime.organisationId);
}, 120_000);
afterAll(async () => {
  await runtime.close();
});

// Not aligned to hours or days, so the partial hours at both ends count too.
const ranges: [number, number][] = [
  [start + 5 * day + 17 * 60_000 + 3000, start + 19 * day + 7 * hour + 59_000],
  [start - day, start + 30 * day],
  [start + 3 * day + 10 * 60_000, start + 3 * day + 50 * 60_000],
];
const groupings: GroupBy[] = ['organisation', 'team', 'channel_account', 'agent'];

const filterOf = ([from, to]: [number, number], extra: Partial<ReportFilter> = {}) => ({
  organisationId: runtime.organisationId,
  from,
  to,
  ...extra,
});

describe('report rollup', () => {
  it('gives exactly the attainment counts of conversation_metrics', async () => {
    const { db } = runtime.database;
    const cases: [Period, string][] = [
      ['none', 'UTC'],
      ['day', 'UTC'],
      ['day', 'Europe/Berlin'],
      ['week', 'America/Chicago'],
      ['month', 'Australia/Sydney'],
      ['day', 'Asia/Kolkata'],
    ];
    for (const range of ranges) {
      for (const groupBy of groupings) {
        for (const [period, timezone] of cases) {
          for (const targetMs of [undefined, 3_600_000, 5_000_000]) {
            const query = { filter: filterOf(range), groupBy, period, timezone, targetMs };
            const exact = await slaAttainment(db, { ...query, exactOnly: true });
            expect(await slaAttainment(db, query)).toEqual(exact);
          }
        }
      }
    }
  }, 120_000);

  it('serves a team or channel-account filter, and falls back to the exact path otherwise', async () => {
    const { db } = runtime.database;
    const range = ranges[0] as [number, number];
    for (const extra of [
      { teamId: 2 },
      { channelAccountId: 3 },
      { teamId: 1, channelAccountId: 1 },
    ]) {
      for (const groupBy of groupings) {
        const query = {
          filter: filterOf(range, extra),
          groupBy,
          period: 'day' as const,
          timezone: 'Europe/Berlin',
          targetMs: 1_800_000,
        };
        expect(await slaAttainment(db, query)).toEqual(
          await slaAttainment(db, { ...query, exactOnly: true }),
        );
      }
    }
  });

  it('gives exact counts and percentiles within one histogram bucket', async () => {
    const { db } = runtime.database;
    const sameBucket = (approximate: number | null, exact: number | null) => {
      expect(approximate === null).toBe(exact === null);
      if (approximate !== null && exact !== null) {
        expect(bucketOf(approximate * 1000)).toBe(bucketOf(exact * 1000));
        expect(approximate).toBeGreaterThanOrEqual(exact);
      }
    };
    for (const range of ranges) {
      for (const groupBy of groupings) {
        const rollup = await responseTimes(db, filterOf(range), groupBy, {
          exactPercentilesUpTo: 0,
        });
        const exact = await responseTimes(db, filterOf(range), groupBy, { exactOnly: true });
        expect(
          rollup.map(({ group_id, conversations, answered, resolved }) => [
            group_id,
            conversations,
            answered,
            resolved,
          ]),
        ).toEqual(
          exact.map(({ group_id, conversations, answered, resolved }) => [
            group_id,
            conversations,
            answered,
            resolved,
          ]),
        );
        exact.forEach((row, index) => {
          const other = rollup[index] as typeof row;
          sameBucket(other.frt_p50_s, row.frt_p50_s);
          sameBucket(other.frt_p90_s, row.frt_p90_s);
          sameBucket(other.resolution_p50_s, row.resolution_p50_s);
          sameBucket(other.resolution_p90_s, row.resolution_p90_s);
        });
      }
      const summary = await firstResponseSummary(db, filterOf(range), 3_600_000, {
        exactPercentilesUpTo: 0,
      });
      const exact = await firstResponseSummary(db, filterOf(range), 3_600_000, {
        exactOnly: true,
      });
      const counts = ({ frt_p50_s, frt_p90_s, ...rest }: typeof exact.organisation) => rest;
      expect(counts(summary.organisation)).toEqual(counts(exact.organisation));
      expect(summary.channel_accounts.map(counts)).toEqual(exact.channel_accounts.map(counts));
      sameBucket(summary.organisation.frt_p90_s, exact.organisation.frt_p90_s);
    }
  }, 120_000);

  it('recomputes the hours a change touches to what a full rebuild gives', async () => {
    const { db } = runtime.database;
    const moved = start + 2 * day + 30 * 60_000;
    const before = await db
      .selectFrom('conversation_metrics')
      .select(['conversation_id', 'first_inbound_at'])
      .where('conversation_id', 'in', [10, 11, 12])
      .execute();
    await withTransaction(runtime.database, async (trx) => {
      await trx
        .updateTable('conversation_metrics')
        .set({ frt_ms: 42_000, team_id: 3, agent_id: null })
        .where('conversation_id', '=', 10)
        .execute();
      await trx
        .updateTable('conversation_metrics')
        .set({ first_inbound_at: moved })
        .where('conversation_id', '=', 11)
        .execute();
      await trx.deleteFrom('conversation_metrics').where('conversation_id', '=', 12).execute();
      const hours = [...before.map((row) => Number(row.first_inbound_at)), moved].map(
        (instant) => Math.floor(instant / hour) * hour,
      );
      await rebuildRollupHours(trx, runtime.organisationId, hours);
    });
    const incremental = await rollupRows();
    await rebuildReportRollup(db, runtime.organisationId);
    expect(incremental).toEqual(await rollupRows());
  });

  it('really reads the rollup where it can (an empty rollup shows)', async () => {
    const { db } = runtime.database;
    await db.deleteFrom('report_rollup').execute();
    const query = {
      filter: filterOf(ranges[1] as [number, number]),
      groupBy: 'organisation' as const,
      period: 'week' as const,
      timezone: 'Europe/Berlin',
    };
    const total = (rows: { conversations: number }[]) =>
      rows.reduce((sum, row) => sum + row.conversations, 0);
    // Only the partial hours at the ends of the range come from conversation_metrics.
    expect(total(await slaAttainment(db, query))).toBeLessThan(50);
    // Asia/Kolkata is 5:30 ahead of UTC: its local days do not follow UTC hours.
    expect(total(await slaAttainment(db, { ...query, timezone: 'Asia/Kolkata' }))).toBeGreaterThan(
      5900,
    );
    await rebuildReportRollup(db, runtime.organisationId);
  });
});
