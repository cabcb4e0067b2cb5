import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countStored, message } from '../test/fixtures.js';
import { apiToken, type SignedIn, signIn, testApp } from '../test/http.js';
import { createTestRuntime, type TestRuntime } from '../test/test-runtime.js';

/**
 * Hostile and careless input gets a 400 in the error envelope, on both databases, and nothing is
 * stored: the classes the security probe found (NUL bytes, unpaired surrogates, deep nesting,
 * coerced JSON types, ids beyond what a number holds, broken URLs).
 */
let runtime: TestRuntime;
let app: FastifyInstance;
let admin: SignedIn;
let token: string;

beforeAll(async () => {
  runtime = await createTestRuntime();
  app = await testApp(runtime);
  admin = await signIn(app, runtime, 'admin');
  token = await apiToken(runtime, ['inbound:write', 'conversations:read']);
});
afterAll(async () => {
  await app.close();
  await runtime.close();
});

const bearer = () => ({ authorization: `Bearer ${token}` });

function expectEnvelope(response: { statusCode: number; json(): unknown }, status = 400) {
  expect(response.statusCode).toBe(status);
  expect(response.json()).toMatchObject({
    error: { code: expect.any(String), message: expect.any(String) },
  });
}

async function storedEvents(): Promise<number> {
  const row = await runtime.database.db
    .selectFrom('inbound_events')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

async function inbound(body: string) {
  return app.inject({
    method: 'POST',
    url: '/api/v1/inbound',
    headers: { ...bearer(), 'content-type': 'application/json' },
    payload: body,
  });
}

describe('input at the HTTP boundary', () => {
  it('refuses NUL characters and unpaired surrogates anywhere in a JSON body', async () => {
    const before = await storedEvents();
    for (const text of ['hello\u0000world', 'broken \ud800 half', 'tail \udc00']) {
      const response = await inbound(JSON.stringify({ messages: [message({ text })] }));
      expectEnvelope(response);
      expect(JSON.stringify(response.json())).toContain('/messages/0/text');
    }
    const key = await inbound(`{"messages":[],"bad\\u0000key":1}`);
    expectEnvelope(key);
    expect(await storedEvents()).toBe(before);
  });

  it('refuses JSON nested deeper than any route needs', async () => {
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const raw = JSON.stringify({ messages: [{ ...message(), raw: '__DEEP__' }] }).replace(
      '"__DEEP__"',
      deep,
    );
    expectEnvelope(await inbound(raw));
  });

  it('refuses prototype poisoning and invalid JSON in the envelope', async () => {
    expectEnvelope(await inbound('{"messages":[],"__proto__":{"admin":true}}'));
    expectEnvelope(await inbound('{"messages": ['));
  });

  it('never coerces a JSON body: null is not a string, an array is not a string', async () => {
    const nullText = await inbound(JSON.stringify({ messages: [{ ...message(), text: null }] }));
    expectEnvelope(nullText);
    const arrayId = await inbound(
      JSON.stringify({ messages: [{ ...message(), external_id: ['x'] }] }),
    );
    expectEnvelope(arrayId);
  });

  it('still reads numbers from the query string, and refuses NUL there', async () => {
    const ok = await app.inject({
      method: 'GET',
      url: '/api/v1/conversations?limit=5',
      headers: bearer(),
    });
    expect(ok.statusCode).toBe(200);
    const nul = await app.inject({
      method: 'GET',
      url: '/api/v1/conversations?q=a%00b',
      headers: bearer(),
    });
    expectEnvelope(nul);
  });

  it('answers ids beyond what a number holds with 400, not a database error', async () => {
    for (const id of ['9223372036854775808', '99999999999999999999', '1e30', 'Infinity', '1e400']) {
      const response = await app.inject({
        method: 'GET',
        url: `/api/v1/conversations/${id}`,
        headers: { cookie: admin.cookie },
      });
      expectEnvelope(response);
    }
  });

  it('puts broken URLs and over-long path parameters in the envelope', async () => {
    expectEnvelope(
      await app.inject({ method: 'GET', url: '/api/v1/conversations/%E0%A4%A', headers: bearer() }),
    );
    const long = await app.inject({
      method: 'GET',
      url: `/api/v1/conversations/${'1'.repeat(500)}`,
      headers: bearer(),
    });
    expect(long.statusCode).toBeGreaterThanOrEqual(400);
    expect(long.statusCode).toBeLessThan(500);
    expect(long.json()).toMatchObject({ error: { code: expect.any(String) } });
  });

  it('authenticates before it validates: strangers learn nothing of the schema', async () => {
    const stranger = await app.inject({
      method: 'POST',
      url: '/api/v1/inbound',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ messages: [{ ...message(), text: 'a\u0000b', extra: 1 }] }),
    });
    expectEnvelope(stranger, 401);
    expect(stranger.json().error.fields).toBeUndefined();
    const badQuery = await app.inject({ method: 'GET', url: '/api/v1/conversations?limit=x' });
    expectEnvelope(badQuery, 401);
    expect(badQuery.json().error.fields).toBeUndefined();
  });

  it('answers a URL that matches no route with 404, whatever its body or query holds', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/nowhere?a%00b=1',
      headers: { ...bearer(), 'content-type': 'application/json' },
      payload: '{"\\ud800":0}',
    });
    expectEnvelope(response, 404);
  });

  it('sends the security headers on every response, errors included', async () => {
    for (const url of ['/api/v1/conversations', '/api/v1/nowhere', '/healthz']) {
      const response = await app.inject({ method: 'GET', url, headers: bearer() });
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['referrer-policy']).toBe('no-referrer');
      expect(response.headers['x-frame-options']).toBe('DENY');
    }
  });
});

describe('numbers at the HTTP boundary', () => {
  it('refuses integers beyond 2^53 in bodies and in query strings', async () => {
    const body = await inbound(
      JSON.stringify({ messages: [{ ...message(), created_at: 100000000000000000000 }] }),
    );
    expectEnvelope(body);
    const query = await app.inject({
      method: 'GET',
      url: '/api/v1/conversations?team_id=99999999999999999999',
      headers: bearer(),
    });
    expectEnvelope(query);
    // Coerced from text, `Infinity` counts as an integer for ajv; PostgreSQL then fails.
    const infinite = await app.inject({
      method: 'GET',
      url: '/api/v1/listening/themes?offset=Infinity',
      headers: { cookie: admin.cookie },
    });
    expectEnvelope(infinite);
  });
});

describe('authentication before validation', () => {
  it('answers an unauthenticated caller 401 before looking at its body', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/inbound',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ messages: [{ text: null }] }),
    });
    expect(response.statusCode).toBe(401);
    expect(JSON.stringify(response.json())).not.toContain('messages');
  });
});

describe('a batch with bad messages', () => {
  it('stores the good messages and rejects each bad one with its reason', async () => {
    const good = Array.from({ length: 10 }, () => message());
    const bad = [
      { ...message(), created_at: 100000000000000000000 },
      { ...message(), created_at: 8640000000000001 },
      { ...message(), created_at: '0000-01-01T00:00:00Z' },
      { ...message(), text: 'hello\u0000world' },
      { ...message(), text: null },
      { ...message(), raw: JSON.parse(`${'['.repeat(200)}${']'.repeat(200)}`) },
    ];
    const response = await inbound(
      JSON.stringify({ messages: [...good.slice(0, 5), ...bad, ...good.slice(5)] }),
    );
    expect(response.statusCode).toBe(202);
    const body = response.json();
    expect(body).toMatchObject({ accepted: 10, duplicates: 0, rejected: bad.length });
    const rejected = body.results.filter(
      (entry: { status: string }) => entry.status === 'rejected',
    );
    expect(rejected.map((entry: { index: number }) => entry.index)).toEqual([5, 6, 7, 8, 9, 10]);
    for (const entry of rejected) expect(entry.errors.length).toBeGreaterThan(0);
    await runtime.worker.drain();
    expect(await countStored(runtime.database.db, good)).toBe(10);
    const list = await app.inject({
      method: 'GET',
      url: '/api/v1/conversations',
      headers: bearer(),
    });
    expect(list.statusCode).toBe(200);
  });

  it('answers 400 when every message of a batch is rejected', async () => {
    const response = await inbound(
      JSON.stringify({ messages: [{ ...message(), created_at: 8640000000000001 }] }),
    );
    expectEnvelope(response);
    expect(JSON.stringify(response.json())).toContain('/messages/0/created_at');
  });
});
