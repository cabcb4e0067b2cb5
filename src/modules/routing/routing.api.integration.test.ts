import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { message } from '../../test/fixtures.js';
import { apiToken, type SignedIn, signIn, testApp } from '../../test/http.js';
import { createTestRuntime, type TestRuntime } from '../../test/test-runtime.js';
import { conversationOf, ingest, team } from './routing.test-helper.js';

let runtime: TestRuntime;
let app: FastifyInstance;
let admin: SignedIn;
let lead: SignedIn;
let agent: SignedIn & { id: number };
let analyst: SignedIn;
let billing: number;
let sales: number;

beforeAll(async () => {
  runtime = await createTestRuntime();
  app = await testApp(runtime);
  admin = await signIn(app, runtime, 'admin');
  lead = await signIn(app, runtime, 'lead');
  const signedAgent = await signIn(app, runtime, 'agent');
  const session = await app.inject({
    method: 'GET',
    url: '/api/v1/auth/session',
    headers: { cookie: signedAgent.cookie },
  });
  agent = { ...signedAgent, id: session.json().user.id };
  analyst = await signIn(app, runtime, 'analyst');
  billing = await team(runtime, 'Billing');
  sales = await team(runtime, 'Sales');
});
afterAll(async () => {
  await app.close();
  await runtime.close();
});

const as = (who: SignedIn) => ({ cookie: who.cookie, 'x-csrf-token': who.csrf });

async function call(
  who: SignedIn,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  payload?: object,
) {
  return app.inject({ method, url, headers: as(who), ...(payload ? { payload } : {}) });
}

describe('routing rules API', () => {
  it('lets admins and leads manage rules in order, and others only read them', async () => {
    const first = await call(admin, 'POST', '/api/v1/routing/rules', {
      name: 'Invoices to billing',
      conditions: { keywords: ['invoice', 'refund'] },
      team_id: billing,
      priority: 'high',
    });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ position: 1, enabled: true, team_id: billing });
    const second = await call(lead, 'POST', '/api/v1/routing/rules', {
      name: 'Sales first',
      conditions: { keywords: ['pricing'] },
      team_id: sales,
      position: 1,
    });
    expect(second.statusCode).toBe(201);
    const listed = await call(analyst, 'GET', '/api/v1/routing/rules');
    expect(listed.json().data.map((rule: { name: string }) => rule.name)).toEqual([
      'Sales first',
      'Invoices to billing',
    ]);
    for (const who of [agent, analyst]) {
      const denied = await call(who, 'POST', '/api/v1/routing/rules', {
        name: 'x',
        conditions: {},
        team_id: billing,
      });
      expect(denied.statusCode).toBe(403);
    }
    const reordered = await call(admin, 'PUT', '/api/v1/routing/rules/order', {
      ids: [first.json().id, second.json().id],
    });
    expect(reordered.json().data.map((rule: { id: number }) => rule.id)).toEqual([
      first.json().id,
      second.json().id,
    ]);
    const moved = await call(lead, 'PATCH', `/api/v1/routing/rules/${first.json().id}`, {
      position: 2,
      enabled: false,
    });
    expect(moved.json()).toMatchObject({ position: 2, enabled: false });
    const removed = await call(admin, 'DELETE', `/api/v1/routing/rules/${second.json().id}`);
    expect(removed.statusCode).toBe(204);
    const after = await call(admin, 'GET', '/api/v1/routing/rules');
    expect(after.json().data).toEqual([
      expect.objectContaining({ id: first.json().id, position: 1 }),
    ]);
    const audit = await call(admin, 'GET', '/api/v1/audit?subject_type=routing_rule');
    expect(audit.json().data.map((entry: { action: string }) => entry.action)).toEqual(
      expect.arrayContaining([
        'routing_rule.created',
        'routing_rule.reordered',
        'routing_rule.deleted',
      ]),
    );
  });

  it('rejects invalid rules with the fields at fault', async () => {
    const cases: [object, string][] = [
      [{ name: 'x', conditions: {}, team_id: 999_999 }, 'team_id'],
      [
        { name: 'x', conditions: { channel_account_ids: [999_999] }, team_id: billing },
        'channel_account_ids/0',
      ],
      [
        { name: 'x', conditions: { contact_attributes: { shoe_size: ['42'] } }, team_id: billing },
        'shoe_size',
      ],
      [{ name: 'x', conditions: { colour: ['red'] }, team_id: billing }, 'colour'],
      [{ name: 'x', conditions: { keywords: [] }, team_id: billing }, 'keywords'],
      [{ name: 'x', conditions: { languages: ['english!'] }, team_id: billing }, 'languages'],
      [{ name: 'x', conditions: {}, team_id: billing, priority: 'asap' }, 'priority'],
      [{ name: 'x', conditions: {}, team_id: billing, label_id: 999_999 }, 'label_id'],
      [{ name: '', conditions: {}, team_id: billing }, 'name'],
    ];
    for (const [payload, field] of cases) {
      const response = await call(admin, 'POST', '/api/v1/routing/rules', payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json().error.code).toBe('validation_failed');
      expect(JSON.stringify(response.json().error.fields)).toContain(field);
    }
    const order = await call(admin, 'PUT', '/api/v1/routing/rules/order', { ids: [123_456] });
    expect(order.statusCode).toBe(400);
    const missing = await call(admin, 'PATCH', '/api/v1/routing/rules/999999', { enabled: true });
    expect(missing.statusCode).toBe(404);
  });

  it('sets the default team', async () => {
    const set = await call(lead, 'PUT', '/api/v1/routing/settings', { default_team_id: sales });
    expect(set.json()).toEqual({ default_team_id: sales });
    expect((await call(agent, 'GET', '/api/v1/routing/settings')).json()).toEqual({
      default_team_id: sales,
    });
    const denied = await call(agent, 'PUT', '/api/v1/routing/settings', { default_team_id: null });
    expect(denied.statusCode).toBe(403);
  });
});

describe('teams, agents and queues API', () => {
  it('manages membership and capacity (leads), and availability (each agent)', async () => {
    const added = await call(lead, 'PUT', `/api/v1/teams/${billing}/members/${agent.id}`, {
      role: 'member',
    });
    expect(added.statusCode).toBe(200);
    expect(added.json().data).toEqual([
      expect.objectContaining({ user_id: agent.id, role: 'member', availability: 'offline' }),
    ]);
    const denied = await call(agent, 'PUT', `/api/v1/teams/${billing}/members/${agent.id}`, {});
    expect(denied.statusCode).toBe(403);
    expect(
      (await call(lead, 'PATCH', `/api/v1/agents/${agent.id}`, { capacity: 2 })).statusCode,
    ).toBe(204);
    const available = await call(agent, 'PUT', '/api/v1/me/availability', {
      availability: 'available',
    });
    expect(available.json()).toEqual({ availability: 'available', released_conversations: 0 });
    const agents = await call(analyst, 'GET', '/api/v1/agents');
    expect(agents.json().data.find((row: { id: number }) => row.id === agent.id)).toMatchObject({
      availability: 'available',
      effective_availability: 'available',
      capacity: 2,
    });
    const bad = await call(agent, 'PUT', '/api/v1/me/availability', { availability: 'busy' });
    expect(bad.statusCode).toBe(400);
    const token = await apiToken(runtime, ['conversations:read']);
    const byToken = await app.inject({
      method: 'PUT',
      url: '/api/v1/me/availability',
      headers: { authorization: `Bearer ${token}` },
      payload: { availability: 'away' },
    });
    expect(byToken.statusCode).toBe(403);
  });

  it('shows a team queue most urgent first, and 404 for an unknown team', async () => {
    const queueTeam = await team(runtime, 'QueueShop');
    const older = message({ channel_account: 'QueueShop' });
    const newer = message({ channel_account: 'QueueShop' });
    await ingest(runtime, older, newer);
    const newerId = (await conversationOf(runtime, newer.external_id)).id;
    const olderId = (await conversationOf(runtime, older.external_id)).id;
    await call(admin, 'PATCH', `/api/v1/conversations/${newerId}`, { priority: 'urgent' });
    const queue = await call(agent, 'GET', `/api/v1/teams/${queueTeam}/queue`);
    expect(queue.statusCode).toBe(200);
    expect(queue.json().data.map((row: { id: number }) => row.id)).toEqual([newerId, olderId]);
    expect(queue.json().total).toBe(2);
    // A running SLA clock orders before everything without one.
    await runtime.database.db
      .insertInto('conversation_sla')
      .values({
        conversation_id: olderId,
        organisation_id: runtime.organisationId,
        next_due_at: Date.now() + 60_000,
        first_response_warned: 0,
        next_response_warned: 0,
        resolution_warned: 0,
        paused: 0,
        updated_at: Date.now(),
      })
      .execute();
    const byDue = await call(agent, 'GET', `/api/v1/teams/${queueTeam}/queue?limit=1`);
    expect(byDue.json().data).toEqual([expect.objectContaining({ id: olderId })]);
    expect(byDue.json().data[0].sla_due_at).not.toBeNull();
    expect((await call(agent, 'GET', '/api/v1/teams/999999/queue')).statusCode).toBe(404);
  });

  it('configures follow-the-sun per team (leads), refusing a hand-off to itself', async () => {
    const put = await call(lead, 'PUT', `/api/v1/teams/${billing}/follow-the-sun`, {
      handoff_team_id: sales,
    });
    expect(put.json()).toEqual({
      team_id: billing,
      handoff_team_id: sales,
      enabled: true,
      handback_at: null,
    });
    const self = await call(lead, 'PUT', `/api/v1/teams/${billing}/follow-the-sun`, {
      handoff_team_id: billing,
    });
    expect(self.statusCode).toBe(400);
    expect((await call(agent, 'GET', '/api/v1/routing/follow-the-sun')).json().data).toHaveLength(
      1,
    );
    const denied = await call(agent, 'DELETE', `/api/v1/teams/${billing}/follow-the-sun`);
    expect(denied.statusCode).toBe(403);
    expect(
      (await call(admin, 'DELETE', `/api/v1/teams/${billing}/follow-the-sun`)).statusCode,
    ).toBe(204);
  });
});
