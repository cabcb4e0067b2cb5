import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signIn, testApp } from '../../test/http.js';
import { createTestRuntime, type TestRuntime } from '../../test/test-runtime.js';
import { collectStats } from '../admin/index.js';
import { listTeamCalendars } from '../calendars/index.js';
import { listChannelAccounts } from '../channels/index.js';
import { listPolicies } from '../sla/index.js';
import { listTeams } from '../teams/index.js';
import { seedDemo } from './demo.service.js';
import { demoAccounts, demoTeams } from './demo-company.js';
import { demoCalendar, demoSlaPolicies } from './demo-service-levels.js';

let runtime: TestRuntime;

beforeEach(async () => {
  runtime = await createTestRuntime();
});
afterEach(async () => {
  await runtime.close();
});

describe('seedDemo', () => {
  it('creates the teams, their accounts and the conversations, and nothing more the second time', async () => {
    const now = Date.UTC(2026, 2, 10, 15, 20);
    const first = await seedDemo(runtime, { now });
    expect(first.accepted).toBe(first.messages);
    expect(first).toMatchObject({ calendarsCreated: 3, slaPoliciesCreated: 2 });
    const stats = await collectStats(runtime.database.db, runtime.organisationId);
    expect(stats).toMatchObject({
      teams: 3,
      channel_accounts: 6,
      messages: first.messages,
      inbound_events_unprocessed: 0,
      jobs_dead: 0,
    });
    expect(stats.conversations).toBeGreaterThanOrEqual(300);

    const teams = await listTeams(runtime.database.db, runtime.organisationId);
    const accounts = await listChannelAccounts(runtime.database.db, runtime.organisationId);
    for (const account of demoAccounts) {
      const row = accounts.find((candidate) => candidate.handle === account.handle);
      const team = teams.find((candidate) => candidate.id === row?.team_id);
      const expected = demoTeams.find((candidate) => candidate.key === account.team);
      expect(team?.name).toBe(expected?.name);
      expect(team?.timezone).toBe(expected?.timezone);
    }

    // Business hours per team, and the SLA policies the reports measure against.
    const calendars = await listTeamCalendars(runtime.database.db, runtime.organisationId);
    for (const team of demoTeams) {
      const id = teams.find((candidate) => candidate.name === team.name)?.id ?? 0;
      expect(calendars.get(id)).toEqual(demoCalendar(team));
    }
    const policies = await listPolicies(runtime.database.db, runtime.organisationId);
    expect(policies.map((policy) => policy.name)).toEqual(demoSlaPolicies.map((p) => p.name));
    const clocks = await runtime.database.db
      .selectFrom('conversation_sla')
      .select(['policy_id', (eb) => eb.fn.countAll<number>().as('count')])
      .groupBy('policy_id')
      .execute();
    // Both apply: the stricter one to the customers the pipeline raised to high or urgent.
    expect(new Set(clocks.map((row) => row.policy_id))).toEqual(
      new Set(policies.map((policy) => policy.id)),
    );

    const app = await testApp(runtime);
    try {
      const analyst = await signIn(app, runtime, 'analyst');
      const range = `from=${new Date(now - 15 * 86_400_000).toISOString()}&to=${new Date(now).toISOString()}`;
      const attainment = await app.inject({
        method: 'GET',
        url: `/api/v1/reports/sla-attainment?${range}`,
        headers: { cookie: analyst.cookie },
      });
      const [organisation] = attainment.json().data as {
        under_target: number;
        met: number;
        attainment_pct: number;
      }[];
      expect(organisation?.under_target).toBeGreaterThanOrEqual(300);
      // Far from never, well short of always (the backlash leaves many unanswered): something
      // for the reports to show.
      expect(organisation?.attainment_pct).toBeGreaterThan(25);
      expect(organisation?.attainment_pct).toBeLessThan(90);
      const breaches = await app.inject({
        method: 'GET',
        url: `/api/v1/reports/breaches?${range}&limit=1000`,
        headers: { cookie: analyst.cookie },
      });
      const breached = breaches.json().data as { breached: string }[];
      expect(breached.filter((row) => row.breached.includes('first_response')).length).toBe(
        (organisation?.under_target ?? 0) - (organisation?.met ?? 0),
      );
      expect(breached.some((row) => row.breached.includes('next_response'))).toBe(true);
    } finally {
      await app.close();
    }

    // A day later the same demo offers the same ids: nothing is added.
    const second = await seedDemo(runtime, { now: now + 86_400_000 });
    expect(second).toMatchObject({
      accepted: 0,
      duplicates: first.messages,
      calendarsCreated: 0,
      slaPoliciesCreated: 0,
    });
    expect(await collectStats(runtime.database.db, runtime.organisationId)).toEqual(stats);
  });
});
