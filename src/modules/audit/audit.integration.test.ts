import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SignedIn, signIn, testApp } from '../../test/http.js';
import { createTestRuntime, type TestRuntime } from '../../test/test-runtime.js';

/**
 * The audit log tells leads and analysts who changed what, but not the personal data that only
 * admins may list elsewhere (people's e-mail addresses).
 */
let runtime: TestRuntime;
let app: FastifyInstance;
let admin: SignedIn;

beforeAll(async () => {
  runtime = await createTestRuntime();
  app = await testApp(runtime);
  admin = await signIn(app, runtime, 'admin');
});
afterAll(async () => {
  await app.close();
  await runtime.close();
});

async function auditAs(who: SignedIn) {
  const response = await app.inject({
    method: 'GET',
    url: '/api/v1/audit?subject_type=user',
    headers: { cookie: who.cookie },
  });
  expect(response.statusCode).toBe(200);
  return JSON.stringify(response.json());
}

describe('audit log', () => {
  it('shows e-mail addresses to admins only', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
      payload: {
        email: 'new.agent@example.com',
        name: 'New Agent',
        role: 'agent',
        password: 'correct horse battery staple',
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(await auditAs(admin)).toContain('new.agent@example.com');
    for (const role of ['lead', 'analyst'] as const) {
      const reader = await signIn(app, runtime, role);
      const log = await auditAs(reader);
      expect(log).toContain('user.created');
      expect(log).not.toContain('new.agent@example.com');
    }
  });
});

describe('audit log filters and CSV', () => {
  it('filters by actor and action prefix, and downloads the same entries as CSV', async () => {
    const other = await signIn(app, runtime, 'admin');
    const otherId = (
      await app.inject({
        method: 'GET',
        url: '/api/v1/auth/session',
        headers: { cookie: other.cookie },
      })
    ).json().user.id as number;
    const invited = await app.inject({
      method: 'POST',
      url: '/api/v1/users/invitations',
      headers: { cookie: other.cookie, 'x-csrf-token': other.csrf },
      payload: { email: 'filtered@example.com', name: 'Filtered', role: 'agent' },
    });
    expect(invited.statusCode).toBe(201);
    const list = async (query: string) => {
      const response = await app.inject({
        method: 'GET',
        url: `/api/v1/audit?${query}`,
        headers: { cookie: admin.cookie },
      });
      expect(response.statusCode, response.body).toBe(200);
      return response.json().data as { action: string; actor_id: number }[];
    };
    const byOther = await list(`actor_id=${otherId}`);
    expect(byOther.map((entry) => entry.action)).toEqual(['user.invited']);
    const userActions = await list('action=user.');
    expect(userActions.length).toBeGreaterThanOrEqual(2);
    expect(userActions.every((entry) => entry.action.startsWith('user.'))).toBe(true);
    expect(await list('action=user.invited')).toHaveLength(1);
    expect(await list('action=api_token.')).toHaveLength(0);
    expect(await list('since=2999-01-01T00:00:00Z')).toHaveLength(0);

    const csv = await app.inject({
      method: 'GET',
      url: `/api/v1/audit?actor_id=${otherId}&format=csv`,
      headers: { cookie: admin.cookie },
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe(
      'id,created_at,actor_type,actor_id,action,subject_type,subject_id,changes',
    );
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('user.invited');
    expect(lines[1]).toContain('filtered@example.com');

    const bad = await app.inject({
      method: 'GET',
      url: '/api/v1/audit?action=DROP%20TABLE',
      headers: { cookie: admin.cookie },
    });
    expect(bad.statusCode).toBe(400);
  });
});
