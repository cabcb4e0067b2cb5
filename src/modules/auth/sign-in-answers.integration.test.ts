import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { testApp, testPassword } from '../../test/http.js';
import { createTestRuntime, type TestRuntime } from '../../test/test-runtime.js';
import { createUser } from './auth.service.js';
import { browser, signInFrom } from './auth.test-helper.js';
import { verifyPassword } from './password.js';
import { deactivateUser } from './user-admin.service.js';

// Watch every password check the sign-in makes (the real scrypt still runs), so the test can
// say that each kind of refusal paid for one, instead of timing answers on a shared machine.
vi.mock('./password.js', async (original) => {
  const actual = await original<typeof import('./password.js')>();
  return { ...actual, verifyPassword: vi.fn(actual.verifyPassword) };
});
const checks = vi.mocked(verifyPassword);

let runtime: TestRuntime;
let app: FastifyInstance;

beforeAll(async () => {
  runtime = await createTestRuntime({ loginMaxFailures: 3 });
  app = await testApp(runtime);
});
afterAll(async () => {
  await app.close();
  await runtime.close();
});

async function user(email: string, role: 'agent' | 'admin' = 'agent') {
  return createUser(
    runtime,
    runtime.organisationId,
    { email, name: email, role, password: testPassword },
    null,
  );
}

describe('sign-in refusals', () => {
  it('answer an unknown e-mail, a wrong password, a deactivated user and a throttled attempt alike, each after one full password check', async () => {
    await user('known@example.com');
    await user('throttled@example.com');
    const leaverId = await user('leaver@example.com');
    const bossId = await user('boss@example.com', 'admin');
    await deactivateUser(
      runtime,
      {
        kind: 'user',
        organisationId: runtime.organisationId,
        userId: bossId,
        tokenId: null,
        role: 'admin',
        name: 'test',
        permissions: new Set(['admin']),
        csrfToken: null,
        sessionId: null,
      },
      leaverId,
    );
    const attacker = browser('198.51.100.40');
    for (let attempt = 0; attempt < 3; attempt++) {
      await signInFrom(app, attacker, 'throttled@example.com', 'a guess');
    }

    const cases = {
      unknown: ['nobody@example.com', 'a guess'],
      wrongPassword: ['known@example.com', 'a guess'],
      deactivated: ['leaver@example.com', testPassword],
      throttledRightPassword: ['throttled@example.com', testPassword],
      throttledWrongPassword: ['throttled@example.com', 'a guess'],
    } as const;
    const answers: Record<string, { status: number; body: string; hashes: string[] }> = {};
    for (const [name, [email, password]] of Object.entries(cases)) {
      checks.mockClear();
      const answer = await signInFrom(app, attacker, email, password);
      answers[name] = {
        status: answer.statusCode,
        body: answer.body,
        hashes: checks.mock.calls.map(([, stored]) => stored),
      };
    }
    const expectedBody = JSON.stringify({
      error: {
        code: 'invalid_credentials',
        message: 'e-mail or password is wrong, or too many attempts: try again later',
      },
    });
    for (const [name, answer] of Object.entries(answers)) {
      expect({ name, status: answer.status, body: answer.body }).toEqual({
        name,
        status: 401,
        body: expectedBody,
      });
      // One check, against a scrypt hash of the same cost: the decoy for the unknown e-mail,
      // the account's own otherwise, even when the attempt was refused before it.
      expect(answer.hashes).toHaveLength(1);
      expect(answer.hashes[0]).toMatch(/^scrypt\$32768\$8\$1\$/);
    }
    expect(answers.wrongPassword?.hashes[0]).not.toBe(answers.unknown?.hashes[0]);
  });

  it('sets no different header or cookie for an unknown e-mail than for a wrong password', async () => {
    await user('headers@example.com');
    const unknown = await signInFrom(app, browser('198.51.100.41'), 'ghost@example.com', 'x');
    const wrong = await signInFrom(app, browser('198.51.100.42'), 'headers@example.com', 'x');
    const shape = (headers: Record<string, unknown>) =>
      Object.keys(headers)
        .filter((name) => name !== 'date')
        .sort();
    expect(shape(unknown.headers)).toEqual(shape(wrong.headers));
    expect(unknown.headers['content-length']).toBe(wrong.headers['content-length']);
    expect(unknown.cookies).toEqual([]);
    expect(wrong.cookies).toEqual([]);
  });

  it('answers an e-mail with a NUL byte or a control character with 400, on both databases', async () => {
    for (const email of ['nul\u0000@example.com', 'tab\t@example.com']) {
      const answer = await signInFrom(app, browser('198.51.100.43'), email, 'x');
      expect(answer.statusCode).toBe(400);
      expect(answer.json().error.code).toBe('validation_failed');
    }
  });
});
