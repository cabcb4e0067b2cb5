import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SignedIn, signIn, testApp } from '../../test/http.js';
import { type MailServers, mailServersMissing, startMailServers } from '../../test/mail-servers.js';
import { createTestRuntime, type TestRuntime } from '../../test/test-runtime.js';
import { waitFor } from '../../test/wait-for.js';

/**
 * The whole e-mail loop against real Debian Dovecot and Postfix started by the test: a customer's
 * mail reaches the inbox through the worker's IMAP runner, an agent's reply reaches the
 * customer's mailbox threaded, the answer joins the same conversation, bounces and outages end
 * where they must.
 */
const missing = mailServersMissing('e-mail channel tests');

describe.skipIf(missing !== null)('e-mail channel against Dovecot and Postfix', () => {
  let servers: MailServers;
  let runtime: TestRuntime;
  let app: FastifyInstance;
  let admin: SignedIn;
  let agent: SignedIn;
  let accountId: number;

  const as = (who: SignedIn) => ({ cookie: who.cookie, 'x-csrf-token': who.csrf });

  beforeAll(async () => {
    servers = await startMailServers();
    runtime = await createTestRuntime({
      secretKey: randomBytes(32),
      emailIdleDelayMilliseconds: 100,
      channelPollSeconds: 2,
      jobLeaseSeconds: 10,
    });
    app = await testApp(runtime);
    admin = await signIn(app, runtime, 'admin');
    agent = await signIn(app, runtime, 'agent');
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await runtime?.close();
    await servers?.stop();
  });

  const connection = () => ({
    address: servers.support.address,
    name: 'Acme Support',
    imap: {
      host: '127.0.0.1',
      port: servers.imapPort,
      user: servers.support.address,
      password: servers.support.password,
    },
    smtp: { host: '127.0.0.1', port: servers.smtpPort },
  });

  async function conversationsWith(text: string) {
    const response = await app.inject({
      method: 'GET',
      url: `/api/v1/conversations?q=${encodeURIComponent(text)}`,
      headers: as(agent),
    });
    return response.json().data as { id: number; message_count: number }[];
  }

  async function detail(id: number) {
    return (
      await app.inject({ method: 'GET', url: `/api/v1/conversations/${id}`, headers: as(agent) })
    ).json();
  }

  async function deliveries(id: number) {
    return (
      await app.inject({
        method: 'GET',
        url: `/api/v1/conversations/${id}/deliveries`,
        headers: as(agent),
      })
    ).json().data as { message_id: number; status: string; last_error: string | null }[];
  }

  async function reply(conversationId: number, text: string) {
    const response = await app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversationId}/messages`,
      headers: as(agent),
      payload: { kind: 'reply', text },
    });
    expect(response.statusCode).toBe(201);
    return response.json().message_id as number;
  }

  it('refuses a wrong password before saving, and never returns the password it saved', async () => {
    const wrong = await app.inject({
      method: 'POST',
      url: '/api/v1/admin/channels/email',
      headers: as(admin),
      payload: { ...connection(), imap: { ...connection().imap, password: 'wrong' } },
    });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().error.code).toBe('channel_connection_failed');
    const forbidden = await app.inject({
      method: 'POST',
      url: '/api/v1/admin/channels/email',
      headers: as(agent),
      payload: connection(),
    });
    expect(forbidden.statusCode).toBe(403);

    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/admin/channels/email',
      headers: as(admin),
      payload: connection(),
    });
    expect(created.statusCode).toBe(201);
    accountId = created.json().id;
    expect(created.body).not.toContain(servers.support.password);
    const list = await app.inject({
      method: 'GET',
      url: '/api/v1/admin/channels',
      headers: as(admin),
    });
    expect(list.body).not.toContain(servers.support.password);
    expect(list.json().data.find((row: { id: number }) => row.id === accountId)).toMatchObject({
      channel: 'email',
      handle: servers.support.address,
      connected: true,
      paused: false,
    });
    const stored = await runtime.database.db
      .selectFrom('channel_accounts')
      .select('secrets')
      .where('id', '=', accountId)
      .executeTakeFirstOrThrow();
    expect(stored.secrets).not.toContain(servers.support.password);
    runtime.worker.start();
    runtime.channels.start();
  });

  let conversationId: number;
  let customerMessageId: string;

  it('files a customer mail as a conversation, live, and threads the reply in their mailbox', async () => {
    customerMessageId = await servers.send({
      from: { name: 'Robin Customer', address: servers.customer.address },
      to: servers.support.address,
      subject: 'Parcel 4411 is late',
      text: 'Where is parcel 4411?\n\nOn Monday, Shop wrote:\n> old quoted text',
      html: '<p>Where is parcel 4411?</p><script>alert(1)</script>',
    });
    const found = await waitFor(
      () => conversationsWith('parcel 4411'),
      (rows) => rows.length > 0,
      20_000,
    );
    expect(found).toHaveLength(1);
    conversationId = (found[0] as { id: number }).id;
    const opened = await detail(conversationId);
    expect(opened.messages[0].text).toBe('Where is parcel 4411?');
    expect(opened.messages[0].author.handle).toBe(servers.customer.address);

    const replyId = await reply(conversationId, 'It left the depot this morning.');
    const sent = await waitFor(
      () => deliveries(conversationId),
      (rows) =>
        rows.some(
          (row) => row.message_id === replyId && ['sent', 'delivered'].includes(row.status),
        ),
      20_000,
    );
    expect(sent.find((row) => row.message_id === replyId)?.status).toMatch(/sent|delivered/);
    const box = await waitFor(
      () => servers.mailbox(servers.customer),
      (mails) => mails.length > 0,
      20_000,
    );
    expect(box).toHaveLength(1);
    const mail = box[0] as string;
    const bare = customerMessageId.replace(/[<>]/g, '');
    expect(mail).toMatch(/^Subject: Re: Parcel 4411 is late/m);
    expect(mail).toContain(`In-Reply-To: <${bare}>`);
    expect(mail).toMatch(
      new RegExp(`^References: <${bare.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}>`, 'm'),
    );
    expect(mail).toContain('It left the depot this morning.');
    // `delivered` needs a success notice from the final hop; Dovecot's LMTP sends none, so the
    // reply stays `sent` here (email-parse.test.ts covers a `delivered` notice).
  });

  it("joins the customer's answer to the same conversation, and never another person's", async () => {
    const box = await servers.mailbox(servers.customer);
    const ourId = /^Message-ID: <([^>]+)>/im.exec(box[0] as string)?.[1] as string;
    expect(ourId).toMatch(/^hearken\./);
    await servers.send({
      from: servers.customer.address,
      to: servers.support.address,
      subject: 'Re: Parcel 4411 is late',
      text: 'Thanks, still nothing at my door for 4411',
      inReplyTo: `<${ourId}>`,
      references: [customerMessageId, `<${ourId}>`],
    });
    await servers.send({
      from: servers.other.address,
      to: servers.support.address,
      subject: 'Re: Parcel 4411 is late',
      text: 'Forwarded to me: my order 9120 is late too',
      inReplyTo: `<${ourId}>`,
      references: [`<${ourId}>`],
    });
    const other = await waitFor(
      () => conversationsWith('order 9120'),
      (rows) => rows.length > 0,
      20_000,
    );
    const same = await waitFor(
      () => detail(conversationId),
      (value) => value.messages.length >= 3,
      20_000,
    );
    expect(same.messages.map((message: { text: string }) => message.text)).toEqual([
      'Where is parcel 4411?',
      'It left the depot this morning.',
      'Thanks, still nothing at my door for 4411',
    ]);
    expect(other).toHaveLength(1);
    expect(other[0]?.id).not.toBe(conversationId);
  });

  it('marks a reply to an address that does not exist failed, with the bounce reason', async () => {
    await servers.deliverDirect(
      servers.support,
      [
        'From: Ghost <ghost@customer.test>',
        `To: ${servers.support.address}`,
        'Subject: Refund 7781',
        `Message-ID: <ghost-7781@customer.test>`,
        `Date: ${new Date().toUTCString()}`,
        '',
        'Where is my refund 7781?',
        '',
      ].join('\r\n'),
    );
    const found = await waitFor(
      () => conversationsWith('refund 7781'),
      (rows) => rows.length > 0,
      20_000,
    );
    const ghostConversation = (found[0] as { id: number }).id;
    const replyId = await reply(ghostConversation, 'Your refund is on its way.');
    const failed = await waitFor(
      () => deliveries(ghostConversation),
      (rows) => rows.some((row) => row.message_id === replyId && row.status === 'failed'),
      30_000,
    );
    const row = failed.find((entry) => entry.message_id === replyId);
    expect(row?.status).toBe('failed');
    expect(row?.last_error).toMatch(/5\.1\.1/);
    expect(row?.last_error).toMatch(/ghost@customer\.test/);
  });

  it('keeps a reply queued while Postfix is down and delivers it exactly once when it is back', async () => {
    await servers.stopPostfix();
    const replyId = await reply(conversationId, 'Update on 4411: it is out for delivery.');
    const waiting = await waitFor(
      () => deliveries(conversationId),
      (rows) => rows.some((row) => row.message_id === replyId && row.last_error !== null),
      20_000,
    );
    const pending = waiting.find((row) => row.message_id === replyId);
    expect(pending?.status).toBe('queued');
    expect(pending?.last_error).toMatch(/ECONNREFUSED|connect/i);
    await servers.startPostfix();
    const done = await waitFor(
      () => deliveries(conversationId),
      (rows) =>
        rows.some(
          (row) => row.message_id === replyId && ['sent', 'delivered'].includes(row.status),
        ),
      30_000,
    );
    expect(done.find((row) => row.message_id === replyId)?.status).toMatch(/sent|delivered/);
    const box = await waitFor(
      () => servers.mailbox(servers.customer),
      (mails) => mails.some((mail) => mail.includes('out for delivery')),
      20_000,
    );
    expect(box.filter((mail) => mail.includes('out for delivery'))).toHaveLength(1);
  });

  it('pauses, fetches on request and removes the connection', async () => {
    const paused = await app.inject({
      method: 'POST',
      url: `/api/v1/admin/channels/${accountId}/pause`,
      headers: as(admin),
    });
    expect(paused.json()).toMatchObject({ paused: true, health: { status: 'paused' } });
    await app.inject({
      method: 'POST',
      url: `/api/v1/admin/channels/${accountId}/resume`,
      headers: as(admin),
    });
    const fetched = await app.inject({
      method: 'POST',
      url: `/api/v1/admin/channels/${accountId}/fetch`,
      headers: as(admin),
    });
    expect(fetched.statusCode).toBe(202);
    const tested = await app.inject({
      method: 'POST',
      url: `/api/v1/admin/channels/${accountId}/test`,
      headers: as(admin),
    });
    expect(tested.statusCode).toBe(204);
    const removed = await app.inject({
      method: 'DELETE',
      url: `/api/v1/admin/channels/${accountId}`,
      headers: as(admin),
    });
    expect(removed.statusCode).toBe(204);
    const list = await app.inject({
      method: 'GET',
      url: '/api/v1/admin/channels',
      headers: as(admin),
    });
    expect(list.json().data.find((row: { id: number }) => row.id === accountId)).toMatchObject({
      connected: false,
      settings: null,
      health: { status: 'not_connected' },
    });
  });
});
