import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signIn, testApp, testPassword } from '../../test/http.js';
import { createTestRuntime, type TestRuntime } from '../../test/test-runtime.js';
import { collectStats } from '../admin/index.js';
import { createUser } from '../auth/index.js';
import { listTeamCalendars } from '../calendars/index.js';
import { listChannelAccounts } from '../channels/index.js';
import { listPolicies } from '../sla/index.js';
import { listTeams } from '../teams/index.js';
import { seedDemo } from './demo.service.js';
import { demoAccount, demoAccounts, demoTeams } from './demo-company.js';
import { demoCalendar, demoSlaPolicies } from './demo-service-levels.js';
import { demoStaff } from './demo-staff.js';
import { demoCannedReplies, demoLabels } from './demo-workspace.js';

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
    // The admin who loads the demo into a running instance.
    const adminEmail = 'loader@example.com';
    await createUser(
      runtime,
      runtime.organisationId,
      { email: adminEmail, name: 'Demo Loader', role: 'admin', password: testPassword },
      null,
    );
    const first = await seedDemo(runtime, { now });
    expect(first.accepted).toBe(first.messages);
    expect(first).toMatchObject({ calendarsCreated: 3, slaPoliciesCreated: 2 });
    expect(first.workspace).toMatchObject({
      labelsCreated: demoLabels.length,
      cannedRepliesCreated: demoCannedReplies.length,
      rulesCreated: 2,
    });
    expect(first.workspace?.labelled).toBeGreaterThan(10);
    // A lead and two agents per team, each password printed once and good for signing in.
    expect(first.usersCreated.map((user) => [user.email, user.role])).toEqual(
      demoStaff.map((person) => [person.email, person.role]),
    );
    expect(new Set(first.usersCreated.map((user) => user.password)).size).toBe(demoStaff.length);
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
      await expectEveryViewHasWork(app, first.usersCreated, adminEmail);
      const analyst = await signIn(app, runtime, 'analyst');
      // The fee protest's flare-up in the last hour is an open backlash alert on the help account.
      const alerts = await app.inject({
        method: 'GET',
        url: '/api/v1/alerts?status=open',
        headers: { cookie: analyst.cookie },
      });
      expect(alerts.statusCode, alerts.body).toBe(200);
      const accounts = await listChannelAccounts(runtime.database.db, runtime.organisationId);
      const help = accounts.find((account) => account.handle === demoAccount('twitterHelp').handle);
      const open = (
        alerts.json().data as {
          series: { channel_account_id: number | null };
          observed_count: number;
          last_hour_start: string;
        }[]
      ).filter((alert) => alert.series.channel_account_id === help?.id);
      expect(open.length, alerts.body).toBeGreaterThanOrEqual(1);
      expect(Date.parse(open[0]?.last_hour_start ?? '')).toBeGreaterThan(now - 2 * 3_600_000);
      expect(open[0]?.observed_count).toBeGreaterThanOrEqual(10);
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
      usersCreated: [],
      workspace: {
        labelsCreated: 0,
        cannedRepliesCreated: 0,
        rulesCreated: 0,
        labelled: 0,
        assigned: 0,
      },
    });
    expect(await collectStats(runtime.database.db, runtime.organisationId)).toEqual(stats);
    // Two fortnights of messages and a dozen sign-ins: longer than the default on a busy machine.
  }, 240_000);
});

type App = Awaited<ReturnType<typeof testApp>>;

async function signInAs(app: App, email: string, password: string) {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password },
  });
  expect(response.statusCode, response.body).toBe(200);
  const body = response.json();
  const cookie = response.cookies.find((candidate) => candidate.name === 'hearken_session');
  return { cookie: `hearken_session=${cookie?.value}`, userId: body.user.id as number };
}

async function getJson(app: App, cookie: string, url: string) {
  const response = await app.inject({ method: 'GET', url, headers: { cookie } });
  expect(response.statusCode, `${url}: ${response.body}`).toBe(200);
  return response.json();
}

/**
 * Each demo person, and the admin who loaded it, signs in and finds open conversations assigned
 * to them ("Mine") in a team they belong to ("My teams"); the rules and labels are there too.
 */
async function expectEveryViewHasWork(
  app: App,
  users: { email: string; password: string; team: string }[],
  adminEmail: string,
) {
  const people = [
    ...users.map((user) => ({ ...user })),
    { email: adminEmail, password: testPassword, team: 'Social' },
  ];
  for (const person of people) {
    const { cookie, userId } = await signInAs(app, person.email, person.password);
    const mine = await getJson(
      app,
      cookie,
      `/api/v1/conversations?status=open&assignee_id=${userId}&limit=200`,
    );
    expect(mine.data.length, person.email).toBeGreaterThanOrEqual(2);
    for (const row of mine.data) expect(row.team?.name, person.email).toBe(person.team);
  }
  const { cookie } = await signInAs(app, adminEmail, testPassword);
  const rules = await getJson(app, cookie, '/api/v1/routing/rules');
  expect(rules.data.map((rule: { name: string }) => rule.name)).toEqual([
    'Fee complaints go to Billing',
    'App sign-in problems go to Product',
  ]);
  const labels = await getJson(app, cookie, '/api/v1/labels');
  const fee = labels.data.find((label: { name: string }) => label.name === 'Fee protest');
  const labelled = await getJson(app, cookie, `/api/v1/conversations?label_id=${fee.id}&limit=200`);
  expect(labelled.data.length).toBeGreaterThan(5);
  for (const row of labelled.data) {
    const detail = await getJson(app, cookie, `/api/v1/conversations/${row.id}`);
    const text = detail.messages.map((message: { text: string }) => message.text).join(' ');
    expect(text.toLowerCase()).toMatch(/monthly fee|account fee|new fee/);
  }
}
