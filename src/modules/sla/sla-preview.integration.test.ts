import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversationIdOf, message } from '../../test/fixtures.js';
import { type SignedIn, signIn, testApp } from '../../test/http.js';
import { createTestRuntime, type TestRuntime } from '../../test/test-runtime.js';
import { acceptInbound } from '../ingest/index.js';
import { ensureTeam } from '../teams/index.js';

/** The preview of a draft SLA policy reads the last 100 conversations and changes nothing. */
const minute = 60_000;
let runtime: TestRuntime;
let app: FastifyInstance;
let admin: SignedIn;
let lead: SignedIn;
let agent: SignedIn;
let billing: number;
const runId = Math.random().toString(36).slice(2);
const id = (name: string) => `sla-preview-${runId}-${name}`;

const as = (who: SignedIn) => ({ cookie: who.cookie, 'x-csrf-token': who.csrf });

beforeAll(async () => {
  runtime = await createTestRuntime();
  app = await testApp(runtime);
  admin = await signIn(app, runtime, 'admin');
  lead = await signIn(app, runtime, 'lead');
  agent = await signIn(app, runtime, 'agent');
  billing = (await ensureTeam(runtime.database.db, runtime.organisationId, 'Billing', 'UTC')).id;
  const rule = await app.inject({
    method: 'POST',
    url: '/api/v1/routing/rules',
    headers: as(admin),
    payload: { name: 'Refunds', conditions: { keywords: ['refund'] }, team_id: billing },
  });
  expect(rule.statusCode, rule.body).toBe(201);
  const at = (minutes: number) => new Date(Date.UTC(2026, 0, 5, 9, 0) + minutes * minute);
  const inbound = (name: string, text: string, minutes: number) =>
    message({
      external_id: id(name),
      author: { handle: `${runId}_${name}`, name },
      text,
      created_at: at(minutes).toISOString(),
    });
  const reply = (name: string, to: string, minutes: number) =>
    message({
      external_id: id(name),
      direction: 'outbound',
      in_reply_to: id(to),
      author: { handle: 'AcmeSupport', name: 'Acme' },
      text: 'We are on it',
      created_at: at(minutes).toISOString(),
    });
  await acceptInbound(
    runtime.database,
    runtime.organisationId,
    [
      inbound('quick', 'A refund please, I was charged twice', 0),
      reply('quick-reply', 'quick', 30),
      inbound('slow', 'Where is my refund?', 1),
      reply('slow-reply', 'slow', 121),
      inbound('waiting', 'Refund for order 7?', 2),
      inbound('other', 'Love the new app', 3),
    ],
    'test',
  );
  await runtime.worker.drain();
}, 180_000);
afterAll(async () => {
  await app.close();
  await runtime.close();
});

const preview = (who: SignedIn, payload: object, query = '') =>
  app.inject({
    method: 'POST',
    url: `/api/v1/sla-policies/preview${query}`,
    headers: as(who),
    payload: { business_hours: false, ...payload },
  });

describe('SLA policy preview', () => {
  it('counts what a draft covers and which first responses came too late', async () => {
    const response = await preview(lead, {
      name: 'Billing within the hour',
      conditions: { team_ids: [billing] },
      first_response_seconds: 3600,
    });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    // The three refund conversations are Billing's: one answered in 30 minutes, one in two
    // hours, one never answered (it has waited since January).
    expect(body).toMatchObject({
      considered: 4,
      matched: 3,
      changes_policy: 3,
      first_response_missed: 2,
    });
    expect(
      body.examples.map((example: { conversation_id: number }) => example.conversation_id),
    ).toEqual([
      await conversationIdOf(runtime.database.db, id('waiting')),
      await conversationIdOf(runtime.database.db, id('slow')),
      await conversationIdOf(runtime.database.db, id('quick')),
    ]);
    const stored = await runtime.database.db.selectFrom('sla_policies').select('id').execute();
    expect(stored).toEqual([]);
  });

  it('does not guess business-hours targets', async () => {
    const response = await preview(admin, {
      name: 'Business hours',
      conditions: {},
      first_response_seconds: 3600,
      business_hours: true,
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ matched: 4, first_response_missed: null });
  });

  it('names the same fields as saving would', async () => {
    const response = await preview(admin, {
      name: 'Broken',
      conditions: { team_ids: [999_999] },
    });
    expect(response.statusCode).toBe(400);
    const fields = response.json().error.fields as { path: string; message: string }[];
    expect(fields).toEqual(
      expect.arrayContaining([
        { path: 'body', message: 'set at least one target' },
        { path: 'body/conditions/team_ids/0', message: 'no team with this id' },
      ]),
    );
  });

  it('refuses agents, who may not change SLA policies either', async () => {
    const draft = { name: 'Agent', conditions: {}, first_response_seconds: 60 };
    expect((await preview(agent, draft)).statusCode).toBe(403);
    const create = await app.inject({
      method: 'POST',
      url: '/api/v1/sla-policies',
      headers: as(agent),
      payload: { business_hours: false, ...draft },
    });
    expect(create.statusCode).toBe(403);
  });
});
