import type { FastifyInstance } from 'fastify';
import { createApiToken, createUser } from '../modules/auth/index.js';
import type { Role } from '../platform/database/schema.js';
import { buildApp } from '../server/app.js';
import type { TestRuntime } from './test-runtime.js';

export interface SignedIn {
  cookie: string;
  csrf: string;
}

export const testPassword = 'correct horse battery staple';

export async function testApp(runtime: TestRuntime): Promise<FastifyInstance> {
  const app = await buildApp(runtime);
  await app.ready();
  return app;
}

export async function signIn(
  app: FastifyInstance,
  runtime: TestRuntime,
  role: Role,
  email = `${role}-${Math.random().toString(36).slice(2)}@example.com`,
  organisationId = runtime.organisationId,
): Promise<SignedIn & { email: string }> {
  await createUser(
    runtime,
    organisationId,
    { email, name: `Test ${role}`, role, password: testPassword },
    null,
  );
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

export async function apiToken(runtime: TestRuntime, scopes: string[]): Promise<string> {
  return (await createApiToken(runtime, runtime.organisationId, { name: 'test', scopes }, null))
    .token;
}
