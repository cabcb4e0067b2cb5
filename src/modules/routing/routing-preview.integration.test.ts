import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { message } from '../../test/fixtures.js';
import { type SignedIn, signIn, testApp } from '../../test/http.js';
import { createTestRuntime, type TestRuntime } from '../../test/test-runtime.js';
import { conversationOf, ingest, team } from './routing.test-helper.js';

/** The preview of a draft routing rule reads the last 100 conversations and changes nothing. */
let runtime: TestRuntime;
let app: FastifyInstance;
let admin: SignedIn;
let lead: SignedIn;
let agent: SignedIn;
let billing: number;
const runId = Math.random().toString(36).slice(2);

beforeAll(async () => {
  runtime = await createTestRuntime();
  app = await testApp(runtime);
  admin = await signIn(app, runtime, 'admin');
  lead = await signIn(app, runtime, 'lead');
  agent = await signIn(app, runtime, 'agent');
  billing = await team(runtime, 'Billing');
  // The oldest conversation falls outside the window of 100; the others are newer, one a minute.
  const start = Date.UTC(2026, 0, 5, 9, 0, 0);
  const messages = Array.from({ length: 101 }, (_, index) =>
    message({
      external_id: `preview-${runId}-${index}`,
      author: { handle: `preview_${runId}_${index}`, name: `Preview ${index}` },
      text:
        index === 0
          ? 'An ancient refund question'
          : index % 10 === 0
            ? `Please refund order ${index}, it never came`
            : `Where is parcel ${index}?`,
      created_at: new Date(start + index * 60_000).toISOString(),
    }),
  );
  await ingest(runtime, ...messages);
}, 180_000);
afterAll(async () => {
  await app.close();
  await runtime.close();
});

const as = (who: SignedIn) => ({ cookie: who.cookie, 'x-csrf-token': who.csrf });
const preview = (who: SignedIn, payload: object) =>
  app.inject({
    method: 'POST',
    url: '/api/v1/routing/rules/preview',
    headers: as(who),
    payload,
  });

describe('routing rule preview', () => {
  it('counts the matches among the last 100 conversations and shows the newest', async () => {
    const before = await conversationOf(runtime, `preview-${runId}-100`);
    const auditBefore = await runtime.database.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    const response = await preview(lead, {
      name: 'Refunds to billing',
      conditions: { keywords: ['refund'] },
      team_id: billing,
    });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    // Messages 10, 20, ..., 100 mention a refund; message 0 does too but is the 101st newest.
    expect(body).toMatchObject({ considered: 100, matched: 10, would_move: 10 });
    expect(body.examples).toHaveLength(10);
    expect(body.examples[0]).toMatchObject({
      conversation_id: before.id,
      excerpt: 'Please refund order 100, it never came',
      team_id: before.team_id,
      team_after: billing,
    });

    // Nothing was written: no rule, the conversation stays where it was, no audit entry.
    const rules = await app.inject({
      method: 'GET',
      url: '/api/v1/routing/rules',
      headers: as(admin),
    });
    expect(rules.json().data).toEqual([]);
    expect((await conversationOf(runtime, `preview-${runId}-100`)).team_id).toBe(before.team_id);
    const auditAfter = await runtime.database.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    expect(Number(auditAfter.count)).toBe(Number(auditBefore.count));
  });

  it('answers a draft that matches nothing with zero, not an error', async () => {
    const response = await preview(admin, {
      name: 'Nothing',
      conditions: { keywords: ['zeppelin'] },
      team_id: billing,
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ considered: 100, matched: 0, would_move: 0, examples: [] });
  });

  it('gives the same field errors as saving the rule', async () => {
    const response = await preview(admin, {
      name: 'Broken',
      conditions: { keywords: ['refund'], contact_attributes: { shoe_size: ['42'] } },
      team_id: 999_999,
    });
    expect(response.statusCode).toBe(400);
    const paths = response.json().error.fields.map((field: { path: string }) => field.path);
    expect(paths).toEqual(
      expect.arrayContaining(['body/team_id', 'body/conditions/contact_attributes/shoe_size']),
    );
    const empty = await preview(admin, { name: '', conditions: {}, team_id: billing });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.fields[0].path).toMatch(/name/);
  });

  it('refuses agents: previewing and changing rules is for leads and admins', async () => {
    const draft = { name: 'Agent rule', conditions: {}, team_id: billing };
    expect((await preview(agent, draft)).statusCode).toBe(403);
    const create = await app.inject({
      method: 'POST',
      url: '/api/v1/routing/rules',
      headers: as(agent),
      payload: draft,
    });
    expect(create.statusCode).toBe(403);
  });
});
