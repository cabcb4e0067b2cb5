import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestRuntime, type TestRuntime } from '../../test/test-runtime.js';
import { collectStats } from '../admin/stats.service.js';
import { listChannelAccounts, listTeams } from '../channels/index.js';
import { seedDemo } from './demo.service.js';
import { demoAccounts, demoTeams } from './demo-company.js';

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

    // A day later the same demo offers the same ids: nothing is added.
    const second = await seedDemo(runtime, { now: now + 86_400_000 });
    expect(second).toMatchObject({ accepted: 0, duplicates: first.messages });
    expect(await collectStats(runtime.database.db, runtime.organisationId)).toEqual(stats);
  });
});
