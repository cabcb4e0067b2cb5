import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRuntime } from '../cli/runtime.js';
import { message } from '../test/fixtures.js';
import { apiToken, type SignedIn, signIn, testApp } from '../test/http.js';
import { createTestRuntime, type TestRuntime } from '../test/test-runtime.js';

/**
 * The delivery job's state machine at unit speed, against an in-process SMTP server that answers
 * what the test tells it (the real Postfix runs in email-channel.integration.test.ts): a 421
 * waits at least the server's minute, a 550 fails with its reason, a retry sends anew, and a
 * sent reply is never sent again.
 */
let runtime: TestRuntime;
let app: FastifyInstance;
let admin: SignedIn;
let agent: SignedIn;
let smtp: SMTPServer;
let answer: 'ok' | '421' | '550' = 'ok';
const received: string[] = [];
const key = randomBytes(32);

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(_address, _session, callback) {
      if (answer === '421') {
        const error = Object.assign(new Error('try again in a minute'), { responseCode: 421 });
        return callback(error);
      }
      if (answer === '550') {
        const error = Object.assign(new Error('5.1.1 mailbox unknown'), { responseCode: 550 });
        return callback(error);
      }
      callback();
    },
    onData(stream, _session, callback) {
      let data = '';
      stream.on('data', (chunk) => {
        data += String(chunk);
      });
      stream.on('end', () => {
        received.push(data);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  runtime = await createTestRuntime({ secretKey: key });
  app = await testApp(runtime);
  admin = await signIn(app, runtime, 'admin');
  agent = await signIn(app, runtime, 'agent');
});
afterAll(async () => {
  await app.close();
  await runtime.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

const as = (who: SignedIn) => ({ cookie: who.cookie, 'x-csrf-token': who.csrf });

async function outbox(messageId: number) {
  return runtime.database.db
    .selectFrom('outbox')
    .select(['id', 'status', 'last_error', 'external_id', 'attempts'])
    .where('message_id', '=', messageId)
    .executeTakeFirstOrThrow();
}

async function runDueNow() {
  await runtime.database.db.updateTable('jobs').set({ run_at: Date.now() }).execute();
  await runtime.worker.drain();
}

describe('reply delivery', () => {
  let conversationId: number;

  it('connects an account without secrets in the API answer', async () => {
    const port = (smtp.server.address() as AddressInfo).port;
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/admin/channels/email',
      headers: as(admin),
      payload: {
        address: 'help@shop.test',
        imap: { host: '127.0.0.1', port: 1, user: 'help', password: 'imap-secret-1' },
        smtp: { host: '127.0.0.1', port },
        test: false,
      },
    });
    expect(created.statusCode).toBe(201);
    expect(created.body).not.toContain('imap-secret-1');
    const token = await apiToken(runtime, ['inbound:write']);
    const inbound = await app.inject({
      method: 'POST',
      url: '/api/v1/inbound',
      headers: { authorization: `Bearer ${token}` },
      payload: message({
        channel: 'email',
        channel_account: 'help@shop.test',
        external_id: 'first@customer.test',
        author: { handle: 'robin@customer.test', name: 'Robin' },
        text: 'My invoice 5521 is wrong',
        raw: { subject: 'Invoice 5521', references: [] },
      }),
    });
    expect(inbound.statusCode).toBe(202);
    await runtime.worker.drain();
    conversationId = (
      await runtime.database.db
        .selectFrom('messages')
        .select('conversation_id')
        .where('external_id', '=', 'first@customer.test')
        .executeTakeFirstOrThrow()
    ).conversation_id;
  });

  async function reply(text: string): Promise<number> {
    const response = await app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversationId}/messages`,
      headers: as(agent),
      payload: { kind: 'reply', text },
    });
    expect(response.statusCode).toBe(201);
    return response.json().message_id;
  }

  it("waits at least the server's minute after a 421, then sends once with the same Message-ID", async () => {
    answer = '421';
    const messageId = await reply('We are checking invoice 5521.');
    const before = Date.now();
    await runtime.worker.drain();
    const waiting = await outbox(messageId);
    expect(waiting.status).toBe('queued');
    expect(waiting.last_error).toMatch(/421|try again/);
    const job = await runtime.database.db
      .selectFrom('jobs')
      .select(['run_at', 'kind'])
      .where('kind', '=', 'channels.deliver')
      .executeTakeFirstOrThrow();
    expect(job.run_at).toBeGreaterThanOrEqual(before + 60_000);
    const messageIdHeader = waiting.external_id;
    expect(messageIdHeader).toMatch(/^hearken\..+@shop\.test$/);

    answer = 'ok';
    await runDueNow();
    const sent = await outbox(messageId);
    expect(sent).toMatchObject({ status: 'sent', last_error: null, external_id: messageIdHeader });
    const copies = received.filter((mail) => mail.includes(`<${messageIdHeader}>`));
    expect(copies).toHaveLength(1);
    expect(copies[0]).toContain('In-Reply-To: <first@customer.test>');
    expect(copies[0]).toMatch(/Subject: Re: Invoice 5521/);
    await runDueNow();
    expect(received.filter((mail) => mail.includes(`<${messageIdHeader}>`))).toHaveLength(1);
  });

  it('fails a refused reply with the reason, and a retry sends it anew', async () => {
    answer = '550';
    const messageId = await reply('Your corrected invoice is attached.');
    await runtime.worker.drain();
    const failed = await outbox(messageId);
    expect(failed.status).toBe('failed');
    expect(failed.last_error).toMatch(/550|mailbox unknown/);
    const wrongConversation = await app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversationId}/messages/${messageId + 1000}/retry`,
      headers: as(agent),
    });
    expect(wrongConversation.statusCode).toBe(409);

    answer = 'ok';
    const retried = await app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversationId}/messages/${messageId}/retry`,
      headers: as(agent),
    });
    expect(retried.statusCode).toBe(200);
    expect(retried.json()).toMatchObject({ status: 'queued', last_error: null });
    await runtime.worker.drain();
    const sent = await outbox(messageId);
    expect(sent.status).toBe('sent');
    expect(sent.external_id).not.toBe(failed.external_id);
    const again = await app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversationId}/messages/${messageId}/retry`,
      headers: as(agent),
    });
    expect(again.statusCode).toBe(409);
  });

  it('refuses to boot without the key, or with another one, once secrets are stored', async () => {
    const reopen = (secretKey: Buffer | undefined) =>
      openRuntime({
        config: { ...runtime.config, secretKey },
        ...(runtime.postgresSchema ? { postgresSchema: runtime.postgresSchema } : {}),
      });
    await expect(reopen(undefined)).rejects.toThrow(/HEARKEN_SECRET_KEY.*not set/);
    await expect(reopen(randomBytes(32))).rejects.toThrow(/HEARKEN_SECRET_KEY.*does not open/);
  });
});
