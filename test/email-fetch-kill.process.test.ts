import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SignedIn, signIn, testApp } from '../src/test/http.js';
import {
  type MailServers,
  mailServersMissing,
  startMailServers,
} from '../src/test/mail-servers.js';
import { createTestRuntime, type TestRuntime } from '../src/test/test-runtime.js';
import { waitFor } from '../src/test/wait-for.js';
import { startHearken } from './process-helpers.js';

/**
 * `kill -9` of the worker while it fetches a mailbox loses and duplicates nothing: 150 mails wait
 * in Dovecot, a `hearken worker` process starts fetching them and is killed hard once the first
 * ones are stored, a second worker takes over when the dead one's fetch lease runs out, and every
 * count matches the mailbox exactly.
 */
const mails = 150;
const missing = mailServersMissing('the e-mail kill test');

describe.skipIf(missing !== null)('kill -9 during an IMAP fetch', () => {
  let servers: MailServers;
  let runtime: TestRuntime;
  let app: FastifyInstance;
  let admin: SignedIn;
  const key = randomBytes(32);

  beforeAll(async () => {
    servers = await startMailServers();
    runtime = await createTestRuntime({ secretKey: key });
    app = await testApp(runtime);
    admin = await signIn(app, runtime, 'admin');
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/admin/channels/email',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
      payload: {
        address: servers.support.address,
        imap: {
          host: '127.0.0.1',
          port: servers.imapPort,
          user: servers.support.address,
          password: servers.support.password,
        },
        smtp: { host: '127.0.0.1', port: servers.smtpPort },
      },
    });
    expect(created.statusCode).toBe(201);
    for (let index = 0; index < mails; index++) {
      await servers.deliverDirect(
        servers.support,
        [
          `From: customer${index}@customer.test`,
          `To: ${servers.support.address}`,
          `Subject: Order ${index}`,
          `Message-ID: <order-${index}@customer.test>`,
          `Date: ${new Date().toUTCString()}`,
          '',
          `Where is order number ${index}?`,
          '',
        ].join('\r\n'),
      );
    }
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await runtime?.close();
    await servers?.stop();
  });

  const environment = () => ({
    ...runtime.childEnvironment,
    HEARKEN_SECRET_KEY: key.toString('hex'),
    // A short fetch lease, so the killed worker's is taken over within seconds.
    HEARKEN_JOB_LEASE_SECONDS: '5',
    HEARKEN_CHANNEL_POLL_SECONDS: '1',
    HEARKEN_EMAIL_IDLE_DELAY_MS: '100',
  });

  async function count(table: 'inbound_events' | 'messages'): Promise<number> {
    const row = await runtime.database.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('channel', '=', 'email')
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  it('stores every mail once after the fetching process is killed mid-fetch', async () => {
    const first = startHearken(['worker'], environment());
    const atKill = await waitFor(
      () => count('inbound_events'),
      (stored) => stored > 0,
      60_000,
      5,
    );
    first.child.kill('SIGKILL');
    const killed = await first.finished;
    expect(killed.signal).toBe('SIGKILL');
    expect(atKill).toBeGreaterThan(0);
    expect(atKill).toBeLessThan(mails);

    const second = startHearken(['worker'], environment());
    try {
      const stored = await waitFor(
        () => count('messages'),
        (value) => value >= mails,
        90_000,
        200,
      );
      expect(stored).toBe(mails);
      expect(await count('inbound_events')).toBe(mails);
      const distinct = await runtime.database.db
        .selectFrom('messages')
        .select((eb) => eb.fn.count<number>('external_id').distinct().as('count'))
        .where('channel', '=', 'email')
        .executeTakeFirstOrThrow();
      expect(Number(distinct.count)).toBe(mails);
      const account = await runtime.database.db
        .selectFrom('channel_accounts')
        .select('cursor')
        .where('channel', '=', 'email')
        .executeTakeFirstOrThrow();
      expect(JSON.parse(account.cursor ?? '{}').lastUid).toBe(mails);
      process.stdout.write(
        `kill -9 during fetch: ${atKill} stored when killed; ${stored} messages, ${mails} mails, 0 duplicates\n`,
      );
    } finally {
      second.child.kill('SIGTERM');
      await second.finished;
    }
  }, 240_000);
});
