import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../../platform/database/connection.js';
import { type SignedIn, signIn, testApp } from '../../test/http.js';
import { type SmtpReceiver, startSmtpReceiver } from '../../test/smtp-receiver.js';
import { createTestRuntime, type TestRuntime } from '../../test/test-runtime.js';
import { contactForEmail } from '../people/index.js';

/**
 * Customers sign in to the portal by e-mailed link: the link reaches a real SMTP conversation,
 * redeeming it opens a portal session for the contact that already had the address (one
 * person), the answer never tells a known address from an unknown one, and requests are limited
 * per e-mail. Signed in, the customer sees members' categories (never staff ones) and posts.
 */
let runtime: TestRuntime;
let app: FastifyInstance;
let smtp: SmtpReceiver;
let lead: SignedIn;
let knownContact: number;

beforeAll(async () => {
  smtp = await startSmtpReceiver();
  runtime = await createTestRuntime({ smtpUrl: smtp.url });
  app = await testApp(runtime);
  lead = await signIn(app, runtime, 'lead');
  knownContact = await withTransaction(
    runtime.database,
    async (trx) =>
      (
        await contactForEmail(
          trx,
          runtime.organisationId,
          'Known.Customer@example.com',
          'Kim',
          Date.now(),
        )
      ).contactId,
  );
  for (const [slug, visibility] of [
    ['members', 'signed_in'],
    ['internal', 'staff'],
  ] as const) {
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/community/categories',
      headers: { cookie: lead.cookie, 'x-csrf-token': lead.csrf },
      payload: { name: slug, slug, kind: 'qa', visibility },
    });
    expect(created.statusCode).toBe(201);
  }
});
afterAll(async () => {
  await app.close();
  await runtime.close();
  await smtp?.close();
});

const ask = (email: string, address = '203.0.113.7') =>
  app.inject({
    method: 'POST',
    url: '/portal/sign-in',
    remoteAddress: address,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ email }).toString(),
  });

async function linkTokenFor(email: string): Promise<string> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const mail = smtp.messages.find((message) => message.to.includes(email));
    const token = mail ? /#token=([A-Za-z0-9_-]+)/.exec(mail.data)?.[1] : undefined;
    if (token) return token;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no link mailed to ${email}`);
}

describe('portal sign-in by e-mailed link', () => {
  it('signs the existing contact in, and answers alike for unknown addresses', async () => {
    const known = await ask('known.customer@example.com');
    const unknown = await ask('nobody.yet@example.com');
    expect(known.statusCode).toBe(200);
    expect(unknown.statusCode).toBe(200);
    const notice = (body: string) => /<p class="notice" role="status">([^<]*)<\/p>/.exec(body)?.[1];
    expect(notice(known.body)).toBe(notice(unknown.body));

    const token = await linkTokenFor('known.customer@example.com');
    const redeemed = await app.inject({
      method: 'POST',
      url: '/api/v1/participant/links/redeem',
      payload: { token },
    });
    expect(redeemed.statusCode, redeemed.body).toBe(200);
    expect(redeemed.json().contact_id).toBe(knownContact);
    const cookie = redeemed.cookies.find((candidate) => candidate.name === 'hearken_participant');
    expect(cookie).toBeDefined();
    const participant = `hearken_participant=${cookie?.value}`;

    const members = await app.inject({
      method: 'GET',
      url: '/portal/c/members',
      headers: { cookie: participant },
    });
    expect(members.statusCode).toBe(200);
    expect(members.body).toContain('Kim');
    const internal = await app.inject({
      method: 'GET',
      url: '/portal/c/internal',
      headers: { cookie: participant },
    });
    expect(internal.statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/portal/c/members' })).statusCode).toBe(404);

    const newPage = await app.inject({
      method: 'GET',
      url: '/portal/c/members/new',
      headers: { cookie: participant },
    });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(newPage.body)?.[1] ?? '';
    const posted = await app.inject({
      method: 'POST',
      url: '/portal/c/members/topics',
      headers: { cookie: participant, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        _csrf: csrf,
        title: 'My first question',
        body: 'Hello!',
      }).toString(),
    });
    expect(posted.statusCode, posted.body).toBe(303);
    const topic = await app.inject({
      method: 'GET',
      url: String(posted.headers.location),
      headers: { cookie: participant },
    });
    expect(topic.body).toContain(`/portal/u/contact-${knownContact}`);
    expect(topic.body).not.toContain('badge staff');

    // Listening files the post under the person who wrote it: the known contact, not a new one.
    await runtime.worker.drain();
    const filed = await runtime.database.db
      .selectFrom('messages')
      .select('author_contact_id')
      .where('channel', '=', 'community')
      .execute();
    expect(filed.length).toBeGreaterThan(0);
    expect(filed.map((row) => Number(row.author_contact_id))).toEqual(
      filed.map(() => knownContact),
    );
  });

  it('limits requests per e-mail without saying more', async () => {
    const before = smtp.messages.length;
    const answers = [];
    for (let index = 0; index < 7; index += 1)
      answers.push(await ask('limited@example.com', `198.51.100.${index}`));
    expect(answers.slice(0, 5).map((answer) => answer.statusCode)).toEqual([
      200, 200, 200, 200, 200,
    ]);
    expect(answers.slice(5).map((answer) => answer.statusCode)).toEqual([429, 429]);
    for (let attempt = 0; attempt < 40 && smtp.messages.length < before + 5; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(
      smtp.messages.filter((message) => message.to.includes('limited@example.com')),
    ).toHaveLength(5);
    expect((await ask('not an address')).statusCode).toBe(400);
  });
});
