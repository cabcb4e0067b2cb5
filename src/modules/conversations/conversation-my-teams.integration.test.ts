import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversationIdOf, message } from '../../test/fixtures.js';
import { apiToken, type SignedIn, signIn, testApp } from '../../test/http.js';
import { createTestRuntime, type TestRuntime } from '../../test/test-runtime.js';
import { acceptInbound } from '../ingest/index.js';
import { ensureTeam } from '../teams/index.js';

/** `team=mine`: the inbox's "My teams" in one request, from the caller's team memberships. */
let runtime: TestRuntime;
let app: FastifyInstance;
let admin: SignedIn;
let agent: SignedIn;
let loner: SignedIn;
let billing: number;
let sales: number;
const runId = Math.random().toString(36).slice(2);
const ids: Record<string, number> = {};

const as = (who: SignedIn) => ({ cookie: who.cookie, 'x-csrf-token': who.csrf });
async function userIdOf(who: SignedIn) {
  const session = await app.inject({
    method: 'GET',
    url: '/api/v1/auth/session',
    headers: as(who),
  });
  return session.json().user.id as number;
}

beforeAll(async () => {
  runtime = await createTestRuntime();
  app = await testApp(runtime);
  admin = await signIn(app, runtime, 'admin');
  agent = await signIn(app, runtime, 'agent');
  loner = await signIn(app, runtime, 'agent');
  const db = runtime.database.db;
  billing = (await ensureTeam(db, runtime.organisationId, 'Billing', 'UTC')).id;
  sales = (await ensureTeam(db, runtime.organisationId, 'Sales', 'UTC')).id;
  for (const [name, keyword, team] of [
    ['Refunds', 'refund', billing],
    ['Quotes', 'quote', sales],
  ] as const) {
    const rule = await app.inject({
      method: 'POST',
      url: '/api/v1/routing/rules',
      headers: as(admin),
      payload: { name, conditions: { keywords: [keyword] }, team_id: team },
    });
    expect(rule.statusCode, rule.body).toBe(201);
  }
  const member = await app.inject({
    method: 'PUT',
    url: `/api/v1/teams/${billing}/members/${await userIdOf(agent)}`,
    headers: as(admin),
    payload: {},
  });
  expect(member.statusCode, member.body).toBe(200);
  const texts = { refund: 'A refund please', quote: 'A quote for 20 seats?', other: 'Hello' };
  await acceptInbound(
    runtime.database,
    runtime.organisationId,
    Object.entries(texts).map(([name, text]) =>
      message({ external_id: `${runId}-${name}`, text, author: { handle: `${runId}_${name}` } }),
    ),
    'test',
  );
  await runtime.worker.drain();
  for (const name of Object.keys(texts)) {
    ids[name] = await conversationIdOf(db, `${runId}-${name}`);
  }
}, 180_000);
afterAll(async () => {
  await app.close();
  await runtime.close();
});

async function listed(who: SignedIn, query: string) {
  const response = await app.inject({
    method: 'GET',
    url: `/api/v1/conversations?status=open&${query}`,
    headers: as(who),
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json().data.map((row: { id: number }) => row.id);
}

describe('the conversation list filtered to my teams', () => {
  it("lists only the conversations of the caller's teams", async () => {
    expect(await listed(agent, 'team=mine')).toEqual([ids.refund]);
    // Combined with another filter, both apply.
    expect(await listed(agent, `team=mine&team_id=${sales}`)).toEqual([]);
    expect(await listed(agent, `team=mine&sort=priority`)).toEqual([ids.refund]);
    // Someone in no team sees nothing, not everything.
    expect(await listed(loner, 'team=mine')).toEqual([]);
  });

  it('refuses other values, and tokens, which belong to no team', async () => {
    const other = await app.inject({
      method: 'GET',
      url: '/api/v1/conversations?team=all',
      headers: as(agent),
    });
    expect(other.statusCode).toBe(400);
    const token = await apiToken(runtime, ['conversations:read']);
    const byToken = await app.inject({
      method: 'GET',
      url: '/api/v1/conversations?team=mine',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(byToken.statusCode).toBe(400);
    expect(byToken.json().error.fields).toEqual([
      { path: 'querystring/team', message: 'team=mine needs a signed-in user' },
    ]);
  });
});
