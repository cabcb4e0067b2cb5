import type { FastifyInstance } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { testApp } from '../../test/http.js';
import { type MailServers, mailServersMissing, startMailServers } from '../../test/mail-servers.js';
import { createTestRuntime, type TestRuntime } from '../../test/test-runtime.js';
import { caller, day, type Person, person, stanceAnswer } from './consult.test-helper.js';

/**
 * External people of a ring (contacts, not users) are invited by e-mail through the notices
 * module when it opens, with a one-time link that opens a participant session scoped to the
 * consultation; the decision reaches those who answered by e-mail too. Against real Postfix and
 * Dovecot.
 */
const missing = mailServersMissing('consultation invitation tests');

describe.skipIf(missing !== null)('consultation invitations and outcome by e-mail', () => {
  let servers: MailServers;
  let runtime: TestRuntime;
  let app: FastifyInstance;

  afterAll(async () => {
    await app?.close();
    await runtime?.close();
    await servers?.stop();
  });

  async function mailboxOf(user: MailServers['customer'], count: number): Promise<string[]> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const mails = await servers.mailbox(user);
      if (mails.length >= count || Date.now() > deadline) return mails;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  it('invites, lets the link in, and tells the decision', async () => {
    servers = await startMailServers();
    runtime = await createTestRuntime({
      smtpUrl: `smtp://127.0.0.1:${servers.smtpPort}`,
      smtpFrom: 'hearken@support.test',
      publicUrl: 'http://hearken.test',
    });
    app = await testApp(runtime);
    const call = caller(app);
    const db = runtime.database.db;
    const owner = await person(app, runtime, 'lead');
    const now = Date.now();
    const contact = await db
      .insertInto('contacts')
      .values({
        organisation_id: runtime.organisationId,
        name: 'Robin Customer',
        merged_into_id: null,
        tier: null,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const robin = Number(contact.id);
    await db
      .insertInto('contact_identities')
      .values({
        organisation_id: runtime.organisationId,
        contact_id: robin,
        channel: 'email',
        handle: servers.customer.address,
        handle_key: servers.customer.address.toLowerCase(),
        display_name: 'Robin Customer',
        created_at: now,
      })
      .execute();

    const created = await call(owner as Person, 'POST', '/api/v1/consultations', {
      title: 'A <b>fee</b> for paper invoices',
      text: 'We plan a fee.',
      rings: [
        {
          name: 'Customers',
          audience: { contact_ids: [robin] },
          opens_at: now,
          closes_at: now + day,
        },
      ],
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as number;
    const detail = (await call(owner, 'GET', `/api/v1/consultations/${id}`)).json();
    const ring = detail.rings[0];
    const opened = await call(owner, 'POST', `/api/v1/consultations/${id}/rings/${ring.id}/open`);
    expect(opened.statusCode, opened.body).toBe(204);
    await runtime.worker.drain();

    const invitations = await mailboxOf(servers.customer, 1);
    expect(invitations).toHaveLength(1);
    const invitation = invitations[0] as string;
    expect(invitation).toMatch(/Subject: Your view is asked: A <b>fee<\/b> for paper invoices/);
    const htmlPart = invitation.slice(invitation.indexOf('Content-Type: text/html'));
    expect(htmlPart).not.toContain('<b>fee');
    const link = /http:\/\/hearken\.test\/join#token=([A-Za-z0-9_-]+)/.exec(invitation);
    expect(link).not.toBeNull();

    // The link signs Robin in for this consultation only.
    const redeemed = await app.inject({
      method: 'POST',
      url: '/api/v1/participant/links/redeem',
      payload: { token: link?.[1] },
    });
    expect(redeemed.statusCode, redeemed.body).toBe(200);
    expect(redeemed.json().scope).toBe(`consultation:${id}`);
    const session = redeemed.cookies.find((cookie) => cookie.name === 'hearken_participant');
    const robinSession = {
      cookie: `hearken_participant=${session?.value}`,
      csrf: redeemed.json().csrf_token as string,
    };
    const seen = await call(robinSession, 'GET', `/api/v1/consultations/${id}`);
    expect(seen.statusCode, seen.body).toBe(200);
    const answered = await call(
      robinSession,
      'PUT',
      `/api/v1/consultations/${id}/rings/${ring.id}/response`,
      {
        request_id: 'robin-answer-1',
        answers: stanceAnswer(ring.questions, 'support', 'Fair enough'),
      },
    );
    expect(answered.statusCode, answered.body).toBe(200);
    const views = (await call(owner, 'GET', `/api/v1/consultations/${id}/views`)).json().data;
    expect(views.map((view: { person_key: string }) => view.person_key)).toContain(
      `contact:${robin}`,
    );

    // The last ring's gate says go: the change is announced, and Robin hears what was decided.
    expect(
      (await call(owner, 'POST', `/api/v1/consultations/${id}/rings/${ring.id}/close`)).statusCode,
    ).toBe(204);
    const gate = await call(owner, 'POST', `/api/v1/consultations/${id}/rings/${ring.id}/gate`, {
      decision: 'go',
      reason: 'The fee goes ahead from March.',
    });
    expect(gate.statusCode, gate.body).toBe(204);
    await runtime.worker.drain();
    const mails = await mailboxOf(servers.customer, 2);
    expect(mails).toHaveLength(2);
    const outcome = mails.find((mail) => mail.includes('Subject: What was decided')) as string;
    expect(outcome).toContain('The fee goes ahead from March.');
    const notices = await db
      .selectFrom('notices')
      .select(['step', 'status'])
      .where('purpose', '=', 'consultation')
      .orderBy('id')
      .execute();
    expect(notices).toEqual([
      { step: 'invitation', status: 'sent' },
      { step: 'outcome', status: 'sent' },
    ]);
  }, 120_000);
});
