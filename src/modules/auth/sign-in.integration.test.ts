import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { testApp, testPassword } from '../../test/http.js';
import { createTestRuntime, type TestRuntime } from '../../test/test-runtime.js';
import { createUser } from './auth.service.js';
import { accountKeyOf, browser, signInFrom } from './auth.test-helper.js';

let runtime: TestRuntime;
let app: FastifyInstance;

beforeAll(async () => {
  runtime = await createTestRuntime({
    loginMaxFailures: 5,
    loginAccountMaxFailures: 20,
    loginAddressMaxFailures: 100,
    loginFirstDelaySeconds: 30,
    loginMaxDelayMinutes: 15,
  });
  app = await testApp(runtime);
});
afterAll(async () => {
  await app.close();
  await runtime.close();
});
afterEach(() => {
  vi.useRealTimers();
});

let people = 0;
async function person(role: 'agent' | 'admin' = 'agent') {
  const email = `person-${++people}@example.com`;
  await createUser(
    runtime,
    runtime.organisationId,
    { email, name: `Person ${people}`, role, password: testPassword },
    null,
  );
  return email;
}

async function counter(scope: string, subject: string) {
  return runtime.database.db
    .selectFrom('sign_in_throttles')
    .select(['failures', 'blocked_until'])
    .where('scope', '=', scope)
    .where('subject', '=', subject)
    .executeTakeFirst();
}

describe('sign-in throttle', () => {
  it('counts every one of 30 concurrent wrong passwords, admits only the first 5, then refuses even the right one', async () => {
    const email = await person();
    const attacker = browser('198.51.100.10');
    vi.useFakeTimers({ toFake: ['Date'] });
    const now = Date.now();
    const answers = await Promise.all(
      Array.from({ length: 30 }, () => signInFrom(app, attacker, email, 'wrong password, again')),
    );
    expect(answers.map((answer) => answer.statusCode)).toEqual(Array(30).fill(401));
    expect(new Set(answers.map((answer) => answer.body)).size).toBe(1);
    const key = accountKeyOf(email);
    const pair = await counter('account_address', `${key}|198.51.100.10`);
    expect(pair?.failures).toBe(30);
    expect((await counter('account', key))?.failures).toBe(30);
    expect((await counter('address', '198.51.100.10'))?.failures).toBe(30);
    // Each attempt was counted before its password check, in the same statement that read the
    // block: the 5th set the first delay and none after it got through (a 6th admitted attempt
    // would have doubled the delay; 20 would have blocked the whole account).
    expect(pair?.blocked_until).toBe(now + 30_000);
    expect((await counter('account', key))?.blocked_until).toBe(0);
    const right = await signInFrom(app, attacker, email, testPassword);
    expect(right.statusCode).toBe(401);
  });

  it('makes each further failure wait a doubling delay, then lets the owner in', async () => {
    const email = await person();
    const from = browser('198.51.100.12');
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = Date.now();
    for (let attempt = 0; attempt < 5; attempt++) {
      expect((await signInFrom(app, from, email, 'not the password')).statusCode).toBe(401);
    }
    vi.setSystemTime(start + 29_000);
    expect((await signInFrom(app, from, email, testPassword)).statusCode).toBe(401);
    // Hammering while blocked counted one more failure (6, then 7 with the next attempt), so the
    // next wait is longer; the block itself was not pushed further.
    vi.setSystemTime(start + 31_000);
    expect((await signInFrom(app, from, email, 'not the password')).statusCode).toBe(401);
    const row = await counter('account_address', `${accountKeyOf(email)}|198.51.100.12`);
    expect(row?.failures).toBe(7);
    expect(row?.blocked_until).toBe(start + 31_000 + 30_000 * 2 ** 2);
    vi.setSystemTime(start + 31_000 + 120_000 + 1);
    expect((await signInFrom(app, from, email, testPassword)).statusCode).toBe(200);
    expect(await counter('account_address', `${accountKeyOf(email)}|198.51.100.12`)).toBe(
      undefined,
    );
  });

  it('lets the owner in from a browser that signed in before while an outsider keeps failing', async () => {
    const email = await person('admin');
    const ownersBrowser = browser('192.0.2.50');
    expect((await signInFrom(app, ownersBrowser, email, testPassword)).statusCode).toBe(200);
    expect(ownersBrowser.cookies.get('hearken_browser')).toMatch(/^[\w-]{43}$/);

    // The outsider fails from many addresses, including the owner's own (a shared NAT), well
    // past both the per-address and the account-wide limit.
    const addresses = ['192.0.2.50', '203.0.113.1', '203.0.113.2', '203.0.113.3', '203.0.113.4'];
    for (const address of addresses) {
      for (let attempt = 0; attempt < 6; attempt++) {
        await signInFrom(app, browser(address), email, 'a guess');
      }
    }
    expect((await counter('account', accountKeyOf(email)))?.failures).toBe(30);
    // A browser that never signed in to this account is held back even with the password...
    expect((await signInFrom(app, browser('192.0.2.77'), email, testPassword)).statusCode).toBe(
      401,
    );
    // ...but the owner's browser is not, from the shared address or from anywhere else.
    expect((await signInFrom(app, ownersBrowser, email, testPassword)).statusCode).toBe(200);
    ownersBrowser.address = '198.51.100.200';
    expect((await signInFrom(app, ownersBrowser, email, testPassword)).statusCode).toBe(200);
  });

  it('holds back a known browser after its own failures (a stolen browser cookie is no key)', async () => {
    const email = await person();
    const known = browser('192.0.2.60');
    expect((await signInFrom(app, known, email, testPassword)).statusCode).toBe(200);
    for (let attempt = 0; attempt < 5; attempt++) {
      expect((await signInFrom(app, known, email, 'a guess')).statusCode).toBe(401);
    }
    expect((await signInFrom(app, known, email, testPassword)).statusCode).toBe(401);
    // Its failures stayed its own: a fresh browser elsewhere is not held back by them.
    expect((await signInFrom(app, browser('192.0.2.61'), email, testPassword)).statusCode).toBe(
      200,
    );
  });

  it('does not count successful sign-ins against their address', async () => {
    const crowded = await createTestRuntime({ loginAddressMaxFailures: 3 });
    const crowdedApp = await testApp(crowded);
    try {
      const office = '192.0.2.99';
      for (let index = 0; index < 6; index++) {
        const email = `colleague-${index}@example.com`;
        await createUser(
          crowded,
          crowded.organisationId,
          { email, name: 'Colleague', role: 'agent', password: testPassword },
          null,
        );
        expect(
          (await signInFrom(crowdedApp, browser(office), email, testPassword)).statusCode,
        ).toBe(200);
      }
      // Failures do count: three of them hold the address back for any account.
      for (let index = 0; index < 3; index++) {
        await signInFrom(crowdedApp, browser(office), `colleague-${index}@example.com`, 'oops');
      }
      expect(
        (await signInFrom(crowdedApp, browser(office), 'colleague-5@example.com', testPassword))
          .statusCode,
      ).toBe(401);
    } finally {
      await crowdedApp.close();
      await crowded.close();
    }
  });
});
