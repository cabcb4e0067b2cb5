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
