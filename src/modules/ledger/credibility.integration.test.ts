import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHearken } from '../../../test/process-helpers.js';
import { message } from '../../test/fixtures.js';
import { apiToken, type SignedIn, signIn, testApp } from '../../test/http.js';
import { createTestRuntime, type TestRuntime } from '../../test/test-runtime.js';

/**
 * The credibility report against a second computation written separately: the raw ledger rows
 * are exported and every figure is recounted item by item, with none of the report's code.
 */
let runtime: TestRuntime;
let app: FastifyInstance;
let lead: SignedIn;
let token: string;
const day = 86_400_000;

beforeAll(async () => {
  runtime = await createTestRuntime();
  app = await testApp(runtime);
  lead = await signIn(app, runtime, 'lead');
  token = await apiToken(runtime, ['inbound:write']);
});
afterAll(async () => {
  await app.close();
  await runtime.close();
});

const as = (who: SignedIn) => ({ cookie: who.cookie, 'x-csrf-token': who.csrf });
async function post(url: string, payload: object) {
  const response = await app.inject({ method: 'POST', url, headers: as(lead), payload });
  expect(response.statusCode, response.body).toBeLessThan(300);
  return response.json();
}

/** Messages said `ageDays` ago on `channel`, one customer each. */
async function said(channel: string, ageDays: number[]): Promise<number[]> {
  const now = Date.now();
  const batch = ageDays.map((age, index) =>
    message({
      channel,
      external_id: `cred-${channel}-${age}-${index}-${Math.random()}`,
      text: `feedback ${channel} ${age} ${index}`,
      author: { handle: `cred_${channel}_${age}_${index}_${Math.random()}`, name: 'Someone' },
      created_at: new Date(now - age * day).toISOString(),
    }),
  );
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/inbound',
    headers: { authorization: `Bearer ${token}` },
    payload: { messages: batch },
  });
  expect(response.statusCode, response.body).toBe(202);
  await runtime.worker.drain();
  const rows = await runtime.database.db
    .selectFrom('messages')
    .select(['id', 'external_id'])
    .where(
      'external_id',
      'in',
      batch.map((item) => item.external_id),
    )
    .execute();
  return batch.map((item) => rows.find((row) => row.external_id === item.external_id)?.id ?? 0);
}

type Figures = Record<string, number | null>;

/** The separate computation: plain loops over exported rows. */
async function recount(
  days: number,
): Promise<{ organisation: Figures; byChannel: Map<string, Figures> }> {
  const db = runtime.database.db;
  const items = await db.selectFrom('feedback_items').selectAll().execute();
  const links = await db.selectFrom('decision_links').selectAll().execute();
  const events = await db.selectFrom('decision_events').selectAll().orderBy('id').execute();
  const now = Date.now();
  const state = new Map<number, { state: string; outcome: string | null }>();
  const firstPublished = new Map<number, number>();
  const firstDecided = new Map<number, number>();
  for (const event of events) {
    const current = state.get(event.decision_id) ?? { state: 'received', outcome: null };
    if (event.kind === 'created' || event.kind === 'state_changed') {
      state.set(event.decision_id, {
        state: event.to_state ?? current.state,
        outcome: event.outcome ?? current.outcome,
      });
    } else if (event.kind === 'reopened') {
      state.set(event.decision_id, { state: 'under_consideration', outcome: null });
    } else if (event.kind === 'merged_into') {
      state.set(event.decision_id, { ...current, state: 'merged' });
    }
    if (event.published && !firstPublished.has(event.decision_id))
      firstPublished.set(event.decision_id, event.created_at);
    if (
      ['decided', 'in_progress', 'shipped', 'confirmed'].includes(event.to_state ?? '') &&
      !firstDecided.has(event.decision_id)
    )
      firstDecided.set(event.decision_id, event.created_at);
  }
  const figuresOf = (group: typeof items): Figures => {
    let acted = 0;
    let answered = 0;
    let declined = 0;
    let eligible = 0;
    let silent = 0;
    const waits: number[] = [];
    for (const item of group) {
      const decisionIds = links
        .filter((link) => link.feedback_item_id === item.id)
        .map((link) => link.decision_id);
      const states = decisionIds.map((id) => state.get(id));
      if (states.some((s) => s?.state === 'shipped' || s?.state === 'confirmed')) acted++;
      if (states.some((s) => s?.state === 'decided' && s.outcome === 'will_not_change')) declined++;
      const published = decisionIds
        .map((id) => firstPublished.get(id))
        .filter((at): at is number => at !== undefined);
      const decided = decisionIds
        .map((id) => firstDecided.get(id))
        .filter((at): at is number => at !== undefined);
      const wait = published.length ? Math.max(0, Math.min(...published) - item.said_at) : null;
      const decidedWait = decided.length ? Math.max(0, Math.min(...decided) - item.said_at) : null;
      if (wait !== null) waits.push(wait);
      if (wait !== null && wait <= days * day) answered++;
      if (now - item.said_at >= days * day) {
        eligible++;
        const answeredInTime = wait !== null && wait <= days * day;
        const decidedInTime = decidedWait !== null && decidedWait <= days * day;
        if (!answeredInTime && !decidedInTime) silent++;
      }
    }
    waits.sort((a, b) => a - b);
    const median = waits.length ? (waits[Math.ceil(waits.length / 2) - 1] ?? null) : null;
    return {
      feedback_items: group.length,
      acted_on: acted,
      answered_within_days: answered,
      declined_with_reason: declined,
      silent_eligible: eligible,
      silent,
      median_hours_to_public_answer:
        median === null ? null : Math.round((median / 3_600_000) * 100) / 100,
    };
  };
  const byChannel = new Map<string, Figures>();
  for (const channel of new Set(items.map((item) => item.channel ?? 'manual'))) {
    byChannel.set(
      channel,
      figuresOf(items.filter((item) => (item.channel ?? 'manual') === channel)),
    );
  }
  return { organisation: figuresOf(items), byChannel };
}

describe('the credibility report', () => {
  it('equals a separate recount from the exported ledger, overall and per channel', async () => {
    const twitter = await said('twitter', [40, 35, 30, 20, 3, 1]);
    const email = await said('email', [45, 25, 2]);
    const shipped = await post('/api/v1/decisions', { title: 'Fee reversal' });
    const declined = await post('/api/v1/decisions', { title: 'Branch in every town' });
    const pending = await post('/api/v1/decisions', { title: 'Dark mode' });
    await post(`/api/v1/decisions/${shipped.id}/feedback`, {
      message_ids: [twitter[0], twitter[4], email[0]],
    });
    await post(`/api/v1/decisions/${declined.id}/feedback`, {
      message_ids: [twitter[1], email[2]],
    });
    await post(`/api/v1/decisions/${pending.id}/feedback`, {
      message_ids: [twitter[2], twitter[4]],
      manual: { text: 'said on the phone', said_at: new Date(Date.now() - 16 * day).toISOString() },
    });
    await post(`/api/v1/decisions/${shipped.id}/transitions`, {
      to: 'acknowledged',
      public_note: 'We are looking at it',
      publish: true,
    });
    await post(`/api/v1/decisions/${shipped.id}/transitions`, {
      to: 'shipped',
      outcome: 'will_change',
      public_note: 'Done',
      publish: true,
    });
    await post(`/api/v1/decisions/${declined.id}/transitions`, {
      to: 'decided',
      outcome: 'will_not_change',
      reason: 'too costly',
    });

    const expected = await recount(14);
    const response = await app.inject({
      method: 'GET',
      url: `/api/v1/reports/loop?from=${new Date(Date.now() - 365 * day).toISOString()}&to=${new Date(Date.now() + day).toISOString()}&days=14&group_by=channel`,
      headers: as(lead),
    });
    expect(response.statusCode, response.body).toBe(200);
    const report = response.json();
    expect(report.organisation).toMatchObject(expected.organisation);
    // Twitter 40, 30, 35 and 3 days old, e-mail 45 and 2, the phone call: one item per source.
    expect(report.organisation.feedback_items).toBe(7);
    expect(report.organisation.acted_on).toBe(3);
    for (const group of report.groups) {
      expect(group.figures, group.key).toMatchObject(expected.byChannel.get(group.key) ?? {});
    }
    expect(report.groups.map((group: { key: string }) => group.key).sort()).toEqual([
      'email',
      'manual',
      'twitter',
    ]);

    const csv = await app.inject({
      method: 'GET',
      url: '/api/v1/reports/loop?group_by=week&format=csv',
      headers: as(lead),
    });
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\r\n')[0]).toContain('acted_on_rate');

    const cli = await runHearken(
      [
        'report',
        'loop',
        '--json',
        '--group-by',
        'channel',
        '--to',
        new Date(Date.now() + day).toISOString(),
        '--from',
        new Date(Date.now() - 365 * day).toISOString(),
      ],
      runtime.childEnvironment,
    );
    expect(cli.code, cli.stderr).toBe(0);
    expect(JSON.parse(cli.stdout).organisation).toMatchObject(expected.organisation);
  });

  it('refuses an empty period and bad grouping', async () => {
    const empty = await app.inject({
      method: 'GET',
      url: '/api/v1/reports/loop?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z',
      headers: as(lead),
    });
    expect(empty.statusCode).toBe(400);
    const bad = await app.inject({
      method: 'GET',
      url: '/api/v1/reports/loop?group_by=person',
      headers: as(lead),
    });
    expect(bad.statusCode).toBe(400);
  });
});
