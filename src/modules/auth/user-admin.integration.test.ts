import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHearken } from '../../../test/process-helpers.js';
import { type SignedIn, signIn, testApp, testPassword } from '../../test/http.js';
import { createTestRuntime, type TestRuntime } from '../../test/test-runtime.js';
import { listAudit } from '../audit/index.js';
import { createApiToken } from './auth.service.js';
import { browser, signInFrom } from './auth.test-helper.js';
import { userPrincipal } from './credentials.js';

let runtime: TestRuntime;
let app: FastifyInstance;
let admin: SignedIn & { email: string };

beforeAll(async () => {
  runtime = await createTestRuntime();
  app = await testApp(runtime);
  admin = await signIn(app, runtime, 'admin');
});
afterAll(async () => {
  await app.close();
  await runtime.close();
});

/** A new session for an existing user (the shared test password). */
async function signInAgain(email: string): Promise<SignedIn & { email: string }> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password: testPassword },
  });
  if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.body}`);
  const cookie = response.cookies.find((candidate) => candidate.name === 'hearken_session');
  if (!cookie) throw new Error('no session cookie');
  return { cookie: `hearken_session=${cookie.value}`, csrf: response.json().csrf_token, email };
}

const as = (who: SignedIn) => ({ cookie: who.cookie, 'x-csrf-token': who.csrf });

async function userIdOf(email: string): Promise<number> {
  const users = await app.inject({ method: 'GET', url: '/api/v1/users', headers: as(admin) });
  if (users.statusCode !== 200)
    throw new Error(`GET /api/v1/users: ${users.statusCode} ${users.body}`);
  const found = users.json().data.find((user: { email: string }) => user.email === email);
  if (!found) throw new Error(`no user ${email}`);
  return found.id;
}

/** A user with two signed-in browsers and an API token of their own. */
async function busyUser(role: 'admin' | 'lead') {
  const first = await signIn(app, runtime, role);
  const second = await signInFrom(app, browser('192.0.2.20'), first.email, testPassword);
  const secondCookie = `hearken_session=${second.cookies.find((c) => c.name === 'hearken_session')?.value}`;
  const id = await userIdOf(first.email);
  const token = await createApiToken(
    runtime,
    runtime.organisationId,
    { name: `${role} integration`, scopes: ['conversations:read'] },
    userPrincipal({ id, organisation_id: runtime.organisationId, role, name: role }, null, null),
  );
  return { id, email: first.email, cookies: [first.cookie, secondCookie], token: token.token };
}

async function canStillUse(user: { cookies: string[]; token: string }) {
  const sessions = await Promise.all(
    user.cookies.map((cookie) =>
      app.inject({ method: 'GET', url: '/api/v1/auth/session', headers: { cookie } }),
    ),
  );
  const token = await app.inject({
    method: 'GET',
    url: '/api/v1/conversations',
    headers: { authorization: `Bearer ${user.token}` },
  });
  return [...sessions.map((answer) => answer.statusCode), token.statusCode];
}

async function lastAudit(userId: number) {
  const [entry] = await listAudit(runtime.database.db, runtime.organisationId, {
    subjectType: 'user',
    subjectId: userId,
    limit: 1,
  });
  return entry && { action: entry.action, changes: JSON.parse(entry.changes) };
}

describe('user administration', () => {
  it('deactivation ends every session and revokes the API tokens at once; reactivation restores sign-in only', async () => {
    const lead = await busyUser('lead');
    expect(await canStillUse(lead)).toEqual([200, 200, 200]);
    const deactivated = await app.inject({
      method: 'POST',
      url: `/api/v1/users/${lead.id}/deactivate`,
      headers: as(admin),
    });
    expect(deactivated.statusCode).toBe(200);
    expect(deactivated.json()).toEqual({ sessions_ended: 2, tokens_revoked: 1 });
    expect(await canStillUse(lead)).toEqual([401, 401, 401]);
    expect(await lastAudit(lead.id)).toEqual({
      action: 'user.deactivated',
      changes: { sessions_ended: 2, tokens_revoked: 1 },
    });
    const refused = await signInFrom(app, browser('192.0.2.21'), lead.email, testPassword);
    expect(refused.statusCode).toBe(401);
    const listed = await app.inject({ method: 'GET', url: '/api/v1/users', headers: as(admin) });
    expect(listed.json().data.find((user: { id: number }) => user.id === lead.id)).toMatchObject({
      active: false,
      deactivated_at: expect.any(String),
    });

    const again = await app.inject({
      method: 'POST',
      url: `/api/v1/users/${lead.id}/deactivate`,
      headers: as(admin),
    });
    expect(again.statusCode).toBe(409);
    const reactivated = await app.inject({
      method: 'POST',
      url: `/api/v1/users/${lead.id}/reactivate`,
      headers: as(admin),
    });
    expect(reactivated.statusCode).toBe(204);
    expect((await lastAudit(lead.id))?.action).toBe('user.reactivated');
    expect(
      (await signInFrom(app, browser('192.0.2.22'), lead.email, testPassword)).statusCode,
    ).toBe(200);
    // The old sessions and token stay ended.
    expect(await canStillUse(lead)).toEqual([401, 401, 401]);
  });

  it("lists a user's active sessions and ends them all", async () => {
    const lead = await busyUser('lead');
    const listed = await app.inject({
      method: 'GET',
      url: `/api/v1/users/${lead.id}/sessions`,
      headers: as(admin),
    });
    expect(listed.statusCode).toBe(200);
    const sessions = listed.json().data;
    expect(sessions).toHaveLength(2);
    expect(sessions.map((s: { ip_address: string }) => s.ip_address).sort()).toEqual([
      '127.0.0.1',
      '192.0.2.20',
    ]);
    expect(sessions.find((s: { ip_address: string }) => s.ip_address === '192.0.2.20')).toEqual({
      created_at: expect.any(String),
      last_seen_at: expect.any(String),
      expires_at: expect.any(String),
      user_agent: 'test-browser/1.0',
      ip_address: '192.0.2.20',
      current: false,
    });
    const own = await app.inject({
      method: 'GET',
      url: `/api/v1/users/${await userIdOf(admin.email)}/sessions`,
      headers: as(admin),
    });
    expect(own.json().data.some((s: { current: boolean }) => s.current)).toBe(true);

    const ended = await app.inject({
      method: 'DELETE',
      url: `/api/v1/users/${lead.id}/sessions`,
      headers: as(admin),
    });
    expect(ended.json()).toEqual({ sessions_ended: 2 });
    expect(await lastAudit(lead.id)).toEqual({
      action: 'user.sessions_ended',
      changes: { sessions_ended: 2 },
    });
    // Sessions end; the user's API token is not a session and keeps working.
    expect(await canStillUse(lead)).toEqual([401, 401, 200]);
    const after = await app.inject({
      method: 'GET',
      url: `/api/v1/users/${lead.id}/sessions`,
      headers: as(admin),
    });
    expect(after.json().data).toEqual([]);
  });

  it('never deactivates the last active admin, even when two admins deactivate each other at once', async () => {
    const adminId = await userIdOf(admin.email);
    const alone = await app.inject({
      method: 'POST',
      url: `/api/v1/users/${adminId}/deactivate`,
      headers: as(admin),
    });
    expect(alone.statusCode).toBe(409);
    expect(alone.json().error.message).toBe('the last active admin cannot be deactivated');

    const other = await signIn(app, runtime, 'admin');
    const otherId = await userIdOf(other.email);
    const [first, second] = await Promise.all([
      app.inject({
        method: 'POST',
        url: `/api/v1/users/${otherId}/deactivate`,
        headers: as(admin),
      }),
      app.inject({
        method: 'POST',
        url: `/api/v1/users/${adminId}/deactivate`,
        headers: as(other),
      }),
    ]);
    const statuses = [first.statusCode, second.statusCode].sort();
    // One wins; the other is refused as the last admin (409), or, if it ran second with its
    // own session already ended, as signed out (401). Never both.
    expect(statuses[0]).toBe(200);
    expect([401, 409]).toContain(statuses[1]);
    const users = await app.inject({
      method: 'GET',
      url: '/api/v1/users',
      headers: as(first.statusCode === 200 ? admin : other),
    });
    const activeAdmins = users
      .json()
      .data.filter(
        (user: { role: string; active: boolean }) => user.role === 'admin' && user.active,
      );
    expect(activeAdmins).toHaveLength(1);
    if (first.statusCode !== 200) {
      // The other admin won the race: bring the shared admin back for the tests that follow.
      const back = await app.inject({
        method: 'POST',
        url: `/api/v1/users/${adminId}/reactivate`,
        headers: as(other),
      });
      expect(back.statusCode, back.body).toBe(204);
      admin = await signInAgain(admin.email);
    }
  });

  it('lets only admins use the user routes; API tokens never', async () => {
    const target = await signIn(app, runtime, 'agent');
    const targetId = await userIdOf(target.email);
    const token = await createApiToken(
      runtime,
      runtime.organisationId,
      {
        name: 'all scopes',
        scopes: ['inbound:write', 'conversations:read', 'conversations:write', 'contacts:write'],
      },
      null,
    );
    const routes = [
      ['GET', '/api/v1/users'],
      ['POST', `/api/v1/users/${targetId}/deactivate`],
      ['POST', `/api/v1/users/${targetId}/reactivate`],
      ['GET', `/api/v1/users/${targetId}/sessions`],
      ['DELETE', `/api/v1/users/${targetId}/sessions`],
    ] as const;
    for (const role of ['lead', 'agent', 'analyst'] as const) {
      const caller = await signIn(app, runtime, role);
      for (const [method, url] of routes) {
        const answer = await app.inject({ method, url, headers: as(caller) });
        expect({ role, method, url, status: answer.statusCode }).toEqual({
          role,
          method,
          url,
          status: 403,
        });
      }
    }
    for (const [method, url] of routes) {
      const answer = await app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${token.token}` },
      });
      expect({ method, url, status: answer.statusCode }).toEqual({ method, url, status: 403 });
      const anonymous = await app.inject({ method, url });
      expect(anonymous.statusCode).toBe(401);
    }
    expect(
      (
        await app.inject({
          method: 'GET',
          url: '/api/v1/users/999999/sessions',
          headers: as(admin),
        })
      ).statusCode,
    ).toBe(404);
    // The target was never touched.
    expect(
      (
        await app.inject({
          method: 'GET',
          url: '/api/v1/auth/session',
          headers: { cookie: target.cookie },
        })
      ).statusCode,
    ).toBe(200);
  });

  it('hearken users reset-password ends every session and API token of the user', async () => {
    const lead = await busyUser('lead');
    // The user's own throttle is cleared too, so the new password works at once.
    for (let attempt = 0; attempt < runtime.config.loginMaxFailures; attempt++) {
      await signInFrom(app, browser('192.0.2.30'), lead.email, 'a guess');
    }
    const reset = await runHearken(
      ['users', 'reset-password', lead.email],
      runtime.childEnvironment,
    );
    expect(reset.code).toBe(0);
    expect(reset.stdout).toContain('Ended 2 session(s) and revoked 1 API token(s)');
    const password = /New password for \S+: (\S+)/.exec(reset.stdout)?.[1] as string;
    expect(await canStillUse(lead)).toEqual([401, 401, 401]);
    expect(await lastAudit(lead.id)).toEqual({
      action: 'user.password_reset',
      changes: { sessions_ended: 2, tokens_revoked: 1 },
    });
    expect(
      (await signInFrom(app, browser('192.0.2.30'), lead.email, testPassword)).statusCode,
    ).toBe(401);
    expect((await signInFrom(app, browser('192.0.2.31'), lead.email, password)).statusCode).toBe(
      200,
    );
  }, 60_000);
});
