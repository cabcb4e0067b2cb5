import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../platform/database/schema.js';
import { type SignedIn, signIn, testApp } from '../../test/http.js';
import { type MailServers, mailServersMissing, startMailServers } from '../../test/mail-servers.js';
import { createTestRuntime, type TestRuntime } from '../../test/test-runtime.js';
import { consentHistory, grantConsent, withdrawConsent } from '../people/index.js';

/**
 * Closing the loop end to end on the real database and real Postfix/Dovecot: a published step
 * tells everyone linked once (a person linked twice gets one mail, a person who opted out none),
 * the decision shows told/skipped, shipping asks the check-back, a "no" reopens the decision,
 * and the public page shows the step without any customer's name.
 */
const missing = mailServersMissing('close-the-loop tests');

describe.skipIf(missing !== null)('closing the loop', () => {
  let servers: MailServers;
  let runtime: TestRuntime;
  let app: FastifyInstance;
  let lead: SignedIn;
  let db: Kysely<Database>;
  let organisationId: number;
  let robin: number;
  let sam: number;
  let decisionId: number;

  const as = (who: SignedIn) => ({ cookie: who.cookie, 'x-csrf-token': who.csrf });

  async function contactWithEmail(name: string, address: string): Promise<number> {
    const now = Date.now();
    const contact = await db
      .insertInto('contacts')
      .values({
        organisation_id: organisationId,
        name,
        merged_into_id: null,
        tier: null,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const id = Number(contact.id);
    await db
      .insertInto('contact_identities')
      .values({
        organisation_id: organisationId,
        contact_id: id,
        channel: 'email',
        handle: address,
        handle_key: address.toLowerCase(),
        display_name: name,
        created_at: now,
      })
      .execute();
    return id;
  }

  async function linkFeedbackOf(contactId: number, note: string): Promise<void> {
    const now = Date.now();
    const item = await db
      .insertInto('feedback_items')
      .values({
        organisation_id: organisationId,
        source_kind: 'manual',
        source_id: null,
        contact_id: contactId,
        conversation_id: null,
        channel: null,
        team_id: null,
        note,
        said_at: now,
        created_by_user_id: null,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('decision_links')
      .values({
        organisation_id: organisationId,
        decision_id: decisionId,
        feedback_item_id: Number(item.id),
        via: 'manual',
        linked_by_user_id: null,
        created_at: now,
      })
      .execute();
  }

  async function mailboxOf(user: MailServers['customer'], count: number): Promise<string[]> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const mails = await servers.mailbox(user);
      if (mails.length >= count || Date.now() > deadline) return mails;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  const step = (body: object) =>
    app.inject({
      method: 'POST',
      url: `/api/v1/decisions/${decisionId}/transitions`,
      headers: as(lead),
      payload: body,
    });

  const detail = async () => {
    const response = await app.inject({
      method: 'GET',
      url: `/api/v1/decisions/${decisionId}`,
      headers: as(lead),
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };

  beforeAll(async () => {
    servers = await startMailServers();
    runtime = await createTestRuntime({
      smtpUrl: `smtp://127.0.0.1:${servers.smtpPort}`,
      smtpFrom: 'hearken@support.test',
      publicUrl: 'http://hearken.test',
      checkBackDays: 0,
    });
    db = runtime.database.db;
    organisationId = runtime.organisationId;
    app = await testApp(runtime);
    lead = await signIn(app, runtime, 'lead');
    robin = await contactWithEmail('Robin Secretname', servers.customer.address);
    sam = await contactWithEmail('Sam Hiddenname', servers.other.address);
    // Sam opted out once: being linked again must not opt Sam back in.
    await grantConsent(db, {
      organisationId,
      contactId: sam,
      purpose: 'loop_notices',
      source: 'portal',
      at: Date.now() - 2000,
    });
    await withdrawConsent(db, {
      organisationId,
      contactId: sam,
      purpose: 'loop_notices',
      source: 'portal',
      at: Date.now() - 1000,
    });
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/decisions',
      headers: as(lead),
      payload: { title: 'Refund <fees> faster', public_description: 'Refunds take too long' },
    });
    expect(created.statusCode, created.body).toBe(201);
    decisionId = created.json().id;
    await linkFeedbackOf(robin, 'called twice about a refund');
    await linkFeedbackOf(robin, 'wrote again');
    await linkFeedbackOf(sam, 'refund late');
  }, 90_000);
  afterAll(async () => {
    await app?.close();
    await runtime?.close();
    await servers?.stop();
  });

  it('tells each person linked once per published step, and no one who opted out', async () => {
    // An unpublished step tells nobody.
    expect((await step({ to: 'acknowledged' })).statusCode).toBe(200);
    await runtime.worker.drain();
    expect((await detail()).loop).toMatchObject({ told: 0, skipped: 0, pending: 0 });

    const published = await step({
      to: 'under_consideration',
      public_note: 'We are timing every refund this month.',
      publish: true,
    });
    expect(published.statusCode, published.body).toBe(200);
    await runtime.worker.drain();
    expect((await detail()).loop).toMatchObject({ told: 1, skipped: 1, failed: 0, pending: 0 });
    const mails = await mailboxOf(servers.customer, 1);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toContain('We are timing every refund this month.');
    // Robin had no record: being linked granted the opt-out consent, with its source.
    const robinConsents = await consentHistory(db, organisationId, robin);
    expect(robinConsents.map((row) => row.source)).toEqual(['feedback_linked']);
    const samConsents = await consentHistory(db, organisationId, sam);
    expect(samConsents.every((row) => row.withdrawn_at !== null)).toBe(true);
    expect(await servers.mailbox(servers.other)).toHaveLength(0);
  });

  it('asks "did this fix it?" after shipping, and a "no" reopens the decision', async () => {
    expect(
      (
        await step({
          to: 'decided',
          outcome: 'will_change',
          public_note: 'We will.',
          publish: true,
        })
      ).statusCode,
    ).toBe(200);
    expect((await step({ to: 'in_progress' })).statusCode).toBe(200);
    expect(
      (await step({ to: 'shipped', public_note: 'Refunds now take two days.', publish: true }))
        .statusCode,
    ).toBe(200);
    // HEARKEN_CHECK_BACK_DAYS=0: the check-back is due at once.
    await runtime.worker.drain();
    await runtime.worker.drain();
    const mails = await mailboxOf(servers.customer, 4);
    expect(mails).toHaveLength(4);
    const checkBack = mails.find((mail) => mail.includes('Did this fix it for you?')) as string;
    expect(checkBack).toBeDefined();
    const token = /check-back\?token=([A-Za-z0-9_-]+)&answer=no/.exec(checkBack)?.[1];
    expect(token).toBeDefined();

    const page = await app.inject({
      method: 'GET',
      url: `/api/v1/loop/check-back?token=${token}&answer=no`,
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('value="no" checked');
    // Opening the page records nothing.
    expect((await detail()).loop.check_back.no).toBe(0);

    const answered = await app.inject({
      method: 'POST',
      url: '/api/v1/loop/check-back',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `token=${token}&answer=no&comment=${encodeURIComponent('still waiting <3 weeks>')}&believes_influence=no`,
    });
    expect(answered.statusCode, answered.body).toBe(200);
    const after = await detail();
    expect(after.loop.check_back).toMatchObject({ no: 1, yes: 0, believes_influence_no: 1 });
    expect(after.decision.state).toBe('under_consideration');
    expect(after.events.at(-1)).toMatchObject({ kind: 'reopened', published: false });
    const again = await app.inject({
      method: 'POST',
      url: '/api/v1/loop/check-back',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `token=${token}&answer=yes`,
    });
    expect(again.statusCode).toBe(410);
  });

  it('shows published steps on the public page and feed, escaped and without names', async () => {
    const page = await app.inject({ method: 'GET', url: '/you-said-we-did' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).toContain('Refund &lt;fees&gt; faster');
    expect(page.body).toContain('Refunds now take two days.');
    expect(page.body).toContain('Raised by 2 people in 3 messages.');
    expect(page.body).toContain('0 said it fixed their problem, 0 partly, 1 not');
    expect(page.body).not.toContain('<fees>');
    for (const secret of ['Secretname', 'Hiddenname', 'still waiting', 'customer.test']) {
      expect(page.body).not.toContain(secret);
    }
    const feed = await app.inject({ method: 'GET', url: '/you-said-we-did/feed.atom' });
    expect(feed.statusCode).toBe(200);
    expect(feed.headers['content-type']).toMatch(/application\/atom\+xml/);
    expect(feed.body.match(/<entry>/g)).toHaveLength(3);
    expect(feed.body).not.toContain('Secretname');
  });
});
