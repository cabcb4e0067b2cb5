import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { message } from '../test/fixtures.js';
import { apiToken, type SignedIn, signIn, testApp, testPassword } from '../test/http.js';
import { createTestRuntime, type TestRuntime } from '../test/test-runtime.js';

let runtime: TestRuntime;
let app: FastifyInstance;
let admin: SignedIn;
let token: string;

beforeAll(async () => {
  runtime = await createTestRuntime({ bodyLimitBytes: 256 * 1024 });
  app = await testApp(runtime);
  admin = await signIn(app, runtime, 'admin');
  token = await apiToken(runtime, ['inbound:write', 'conversations:read']);
});
afterAll(async () => {
  await app.close();
  await runtime.close();
});

const bearer = () => ({ authorization: `Bearer ${token}` });

describe('sign-in and sessions', () => {
  it('signs in with a cookie that is HTTP-only and SameSite', async () => {
    const email = `agent-${Date.now()}@example.com`;
    await signIn(app, runtime, 'agent', email);
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password: testPassword },
    });
    const header = String(response.headers['set-cookie']);
    expect(header).toContain('HttpOnly');
    expect(header).toContain('SameSite=Lax');
    const session = await app.inject({
      method: 'GET',
      url: '/api/v1/auth/session',
      headers: { cookie: admin.cookie },
    });
    expect(session.json().user.role).toBe('admin');
  });

  it('throttles repeated failures with the same answer as a wrong password, even for the right one', async () => {
    // The throttle's rules are tested in modules/auth (sign-in*.integration.test.ts).
    const email = `throttled-${Date.now()}@example.com`;
    await signIn(app, runtime, 'agent', email);
    const attempt = (password: string) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email, password },
        remoteAddress: '198.51.100.77',
      });
    for (let failure = 0; failure < runtime.config.loginMaxFailures; failure++) {
      const wrong = await attempt('not the password');
      expect(wrong.statusCode).toBe(401);
      expect(wrong.json().error.code).toBe('invalid_credentials');
    }
    const right = await attempt(testPassword);
    expect(right.statusCode).toBe(401);
    expect(right.json().error.code).toBe('invalid_credentials');
  });

  it('gives the same answer for an unknown e-mail as for a wrong password', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'nobody@example.com', password: 'whatever' },
    });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('invalid_credentials');
  });

  it('refuses cookie-authenticated writes without the CSRF token', async () => {
    const payload = { name: `Billing ${Date.now()}`, timezone: 'Australia/Sydney' };
    const without = await app.inject({
      method: 'POST',
      url: '/api/v1/teams',
      headers: { cookie: admin.cookie },
      payload,
    });
    expect(without.statusCode).toBe(403);
    expect(without.json().error.code).toBe('csrf_failed');
    const withToken = await app.inject({
      method: 'POST',
      url: '/api/v1/teams',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
      payload,
    });
    expect(withToken.statusCode).toBe(201);
  });

  it('enforces roles on actions', async () => {
    const analyst = await signIn(app, runtime, 'analyst');
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/teams',
      headers: { cookie: analyst.cookie, 'x-csrf-token': analyst.csrf },
      payload: { name: 'Nope' },
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('forbidden');
    const anonymous = await app.inject({ method: 'GET', url: '/api/v1/conversations' });
    expect(anonymous.statusCode).toBe(401);
  });

  it('signs out', async () => {
    const agent = await signIn(app, runtime, 'agent');
    const out = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie: agent.cookie, 'x-csrf-token': agent.csrf },
    });
    expect(out.statusCode).toBe(204);
    const after = await app.inject({
      method: 'GET',
      url: '/api/v1/auth/session',
      headers: { cookie: agent.cookie },
    });
    expect(after.statusCode).toBe(401);
  });
});

describe('API tokens', () => {
  it('are created by admins, shown once, scoped and revocable', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
      payload: { name: 'read only', scopes: ['conversations:read'] },
    });
    expect(created.statusCode).toBe(201);
    const { id, token: secret } = created.json();
    const listed = await app.inject({
      method: 'GET',
      url: '/api/v1/tokens',
      headers: { cookie: admin.cookie },
    });
    expect(listed.body).not.toContain(secret);
    const reading = await app.inject({
      method: 'GET',
      url: '/api/v1/conversations',
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(reading.statusCode).toBe(200);
    const writing = await app.inject({
      method: 'POST',
      url: '/api/v1/inbound',
      headers: { authorization: `Bearer ${secret}` },
      payload: message(),
    });
    expect(writing.statusCode).toBe(403);
    const revoked = await app.inject({
      method: 'DELETE',
      url: `/api/v1/tokens/${id}`,
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
    });
    expect(revoked.statusCode).toBe(204);
    const after = await app.inject({
      method: 'GET',
      url: '/api/v1/conversations',
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(after.statusCode).toBe(401);
    const audit = await app.inject({
      method: 'GET',
      url: '/api/v1/audit?subject_type=api_token',
      headers: { cookie: admin.cookie },
    });
    expect(audit.json().data.map((entry: { action: string }) => entry.action)).toEqual(
      expect.arrayContaining(['api_token.created', 'api_token.revoked']),
    );
  });

  it('rejects a malformed or unknown bearer token', async () => {
    for (const authorization of ['Bearer', 'Basic abc', 'Bearer hk_unknown']) {
      const response = await app.inject({
        method: 'GET',
        url: '/api/v1/conversations',
        headers: { authorization },
      });
      expect(response.statusCode).toBe(401);
    }
  });
});

describe('inbound API', () => {
  it('accepts one message or a batch with 202 and reports duplicates', async () => {
    const single = message();
    const first = await app.inject({
      method: 'POST',
      url: '/api/v1/inbound',
      headers: bearer(),
      payload: single,
    });
    expect(first.statusCode).toBe(202);
    expect(first.json()).toMatchObject({ accepted: 1, duplicates: 0 });
    const batch = [single, message(), message()];
    const second = await app.inject({
      method: 'POST',
      url: '/api/v1/inbound',
      headers: bearer(),
      payload: { messages: batch },
    });
    expect(second.statusCode).toBe(202);
    expect(second.json()).toMatchObject({ accepted: 2, duplicates: 1 });
    expect(second.json().results[0]).toEqual({
      index: 0,
      external_id: single.external_id,
      status: 'duplicate',
    });
  });

  it('answers malformed bodies with 400 and the fields at fault', async () => {
    const cases: [unknown, string][] = [
      [{ ...message(), created_at: 'yesterday' }, 'created_at'],
      [{ ...message(), channel: 'Not A Slug' }, 'channel'],
      [{ ...message(), unexpected: true }, 'unexpected'],
      [{ ...message(), author: {} }, 'handle'],
      [{ messages: [] }, 'messages'],
    ];
    for (const [payload, field] of cases) {
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/inbound',
        headers: bearer(),
        payload: payload as object,
      });
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json().error.code).toBe('validation_failed');
      expect(JSON.stringify(response.json().error.fields)).toContain(field);
    }
    const broken = await app.inject({
      method: 'POST',
      url: '/api/v1/inbound',
      headers: { ...bearer(), 'content-type': 'application/json' },
      payload: '{"channel":',
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error).toBeDefined();
  });

  it('rejects batches over 1,000 and bodies over the size limit', async () => {
    const tooMany = Array.from({ length: 1001 }, () => ({ ...message(), text: 'x' }));
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/inbound',
      headers: bearer(),
      payload: { messages: tooMany },
    });
    expect([400, 413]).toContain(response.statusCode);
    const huge = await app.inject({
      method: 'POST',
      url: '/api/v1/inbound',
      headers: bearer(),
      payload: { ...message(), text: 'x'.repeat(300 * 1024) },
    });
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error.code).toBe('payload_too_large');
  });
});

describe('conversations API', () => {
  it('lists with filters and cursor pagination, and shows one with its messages and contact', async () => {
    const account = `Shop${Date.now()}`;
    const messages = Array.from({ length: 7 }, (_, index) =>
      message({
        channel_account: account,
        text: index === 3 ? 'the PARCEL was crushed' : 'where is my order',
      }),
    );
    await app.inject({
      method: 'POST',
      url: '/api/v1/inbound',
      headers: bearer(),
      payload: { messages },
    });
    await runtime.worker.drain();
    const accounts = await app.inject({
      method: 'GET',
      url: '/api/v1/channel-accounts',
      headers: bearer(),
    });
    const accountId = accounts
      .json()
      .data.find((row: { handle: string }) => row.handle === account).id;
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `channel_account_id=${accountId}&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await app.inject({
        method: 'GET',
        url: `/api/v1/conversations?${query}`,
        headers: bearer(),
      });
      expect(page.statusCode).toBe(200);
      seen.push(...page.json().data.map((row: { id: number }) => row.id));
      cursor = page.json().next_cursor;
    } while (cursor);
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
    const searched = await app.inject({
      method: 'GET',
      url: `/api/v1/conversations?q=parcel&channel_account_id=${accountId}`,
      headers: bearer(),
    });
    expect(searched.json().data).toHaveLength(1);
    const wildcard = await app.inject({
      method: 'GET',
      url: `/api/v1/conversations?q=${encodeURIComponent('%')}&channel_account_id=${accountId}`,
      headers: bearer(),
    });
    expect(wildcard.json().data).toHaveLength(0);
    const detail = await app.inject({
      method: 'GET',
      url: `/api/v1/conversations/${searched.json().data[0].id}`,
      headers: bearer(),
    });
    expect(detail.json().messages[0].text).toBe('the PARCEL was crushed');
    expect(detail.json().contact.identities[0].channel).toBe('twitter');
  });

  it('changes status and assignee with an audit trail', async () => {
    const list = await app.inject({
      method: 'GET',
      url: '/api/v1/conversations?limit=1',
      headers: bearer(),
    });
    const id = list.json().data[0].id;
    const users = await app.inject({
      method: 'GET',
      url: '/api/v1/users',
      headers: { cookie: admin.cookie },
    });
    const adminId = users.json().data[0].id;
    const changed = await app.inject({
      method: 'PATCH',
      url: `/api/v1/conversations/${id}`,
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
      payload: { status: 'resolved', assignee_id: adminId, priority: 'high' },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().conversation).toMatchObject({ status: 'resolved', priority: 'high' });
    const audit = await app.inject({
      method: 'GET',
      url: `/api/v1/audit?subject_type=conversation&subject_id=${id}`,
      headers: { cookie: admin.cookie },
    });
    expect(audit.json().data[0].changes.status).toEqual({ from: 'open', to: 'resolved' });
    const badAssignee = await app.inject({
      method: 'PATCH',
      url: `/api/v1/conversations/${id}`,
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
      payload: { assignee_id: 999999 },
    });
    expect(badAssignee.statusCode).toBe(400);
  });

  it('answers unknown ids with 404 and bad ids or filters with 400, in one envelope', async () => {
    const missing = await app.inject({
      method: 'GET',
      url: '/api/v1/conversations/999999',
      headers: bearer(),
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('not_found');
    for (const url of [
      '/api/v1/conversations/abc',
      '/api/v1/conversations?status=lost',
      '/api/v1/conversations?limit=0',
      '/api/v1/conversations?cursor=zzz',
    ]) {
      const response = await app.inject({ method: 'GET', url, headers: bearer() });
      expect(response.statusCode, url).toBe(400);
      expect(response.json().error.code).toBe('validation_failed');
    }
    const route = await app.inject({
      method: 'GET',
      url: '/api/v1/nothing-here',
      headers: bearer(),
    });
    expect(route.statusCode).toBe(404);
    expect(route.json().error.code).toBe('not_found');
  });

  it('merges two contacts into one person with both identities', async () => {
    const a = message({ channel: 'twitter', author: { handle: `tw${Date.now()}` } });
    const b = message({
      channel: 'email',
      channel_account: 'help@acme.test',
      author: { handle: `mail${Date.now()}@example.com` },
    });
    await app.inject({
      method: 'POST',
      url: '/api/v1/inbound',
      headers: bearer(),
      payload: { messages: [a, b] },
    });
    await runtime.worker.drain();
    const contactOf = async (externalId: string) =>
      (
        await runtime.database.db
          .selectFrom('messages')
          .select('author_contact_id')
          .where('external_id', '=', externalId)
          .executeTakeFirstOrThrow()
      ).author_contact_id as number;
    const [first, second] = [await contactOf(a.external_id), await contactOf(b.external_id)];
    const merged = await app.inject({
      method: 'POST',
      url: `/api/v1/contacts/${first}/merge`,
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
      payload: { contact_id: second },
    });
    expect(merged.statusCode).toBe(200);
    expect(
      merged
        .json()
        .identities.map((identity: { channel: string }) => identity.channel)
        .sort(),
    ).toEqual(['email', 'twitter']);
    const conversations = await app.inject({
      method: 'GET',
      url: `/api/v1/conversations?contact_id=${first}`,
      headers: bearer(),
    });
    expect(conversations.json().data).toHaveLength(2);
    const again = await app.inject({
      method: 'POST',
      url: `/api/v1/contacts/${first}/merge`,
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
      payload: { contact_id: second },
    });
    expect(again.statusCode).toBe(409);
  });
});

describe('OpenAPI', () => {
  it('is generated from the route schemas', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(response.statusCode).toBe(200);
    const document = response.json();
    expect(document.openapi).toMatch(/^3\./);
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/inbound',
        '/api/v1/conversations',
        '/api/v1/conversations/{id}',
      ]),
    );
    expect(document.paths['/api/v1/inbound'].post.responses['202']).toBeDefined();
  });
});
