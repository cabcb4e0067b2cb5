import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../../platform/database/connection.js';
import type { Database } from '../../platform/database/schema.js';
import { testApp } from '../../test/http.js';
import {
  freePort,
  type MailServers,
  mailServersMissing,
  startMailServers,
} from '../../test/mail-servers.js';
import { createTestRuntime, type TestRuntime } from '../../test/test-runtime.js';
import { consentHistory, grantConsent, hasConsent, withdrawConsent } from '../people/index.js';
import {
  deliverNotices,
  interruptedAfterMilliseconds,
  type NoticeRequest,
  noticeCounts,
  previewNotice,
  queueNotice,
  queueNotices,
} from './index.js';

/**
 * Notices against real Postfix and Dovecot: queued in the caller's transaction, deduplicated
 * per step and person, consent checked when sending, sent once with a withdrawal link, and a
 * notice cut off mid-send never sent again.
 */
const missing = mailServersMissing('notice delivery tests');

describe.skipIf(missing !== null)('notices delivered through the system mail sender', () => {
  let servers: MailServers;
  let runtime: TestRuntime;
  let db: Kysely<Database>;
  let organisationId: number;
  let robin: number;
  let sam: number;
  let withdrawalToken = '';

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

  beforeAll(async () => {
    servers = await startMailServers();
    runtime = await createTestRuntime({
      smtpUrl: `smtp://127.0.0.1:${servers.smtpPort}`,
      smtpFrom: 'hearken@support.test',
      publicUrl: 'http://hearken.test',
    });
    db = runtime.database.db;
    organisationId = runtime.organisationId;
    robin = await contactWithEmail('Robin', servers.customer.address);
    sam = await contactWithEmail('Sam', servers.other.address);
    for (const contactId of [robin, sam]) {
      await grantConsent(db, {
        organisationId,
        contactId,
        purpose: 'loop_notices',
        source: 'feedback_linked',
        at: Date.now() - 1000,
      });
    }
  }, 60_000);
  afterAll(async () => {
    await runtime?.close();
    await servers?.stop();
  });

  const request = (contactId: number, step: string, title: string): NoticeRequest => ({
    organisationId,
    contactId,
    purpose: 'loop_notices',
    subject: { type: 'decision', id: 7 },
    step,
    channel: 'email',
    data: { template: 'shipped', title, note: 'Fees <b>gone</b> & done.' },
    consentPurpose: 'loop_notices',
  });

  async function mailboxOf(user: MailServers['customer'], count: number): Promise<string[]> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const mails = await servers.mailbox(user);
      if (mails.length >= count || Date.now() > deadline) return mails;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  it('sends a step once per person, skips who withdrew before it went, and links withdrawal', async () => {
    const first = await withTransaction(runtime.database, (trx) =>
      queueNotices(trx, [
        request(robin, 'shipped:1', 'No more <script>fees</script>'),
        request(sam, 'shipped:1', 'No more <script>fees</script>'),
      ]),
    );
    expect(first).toEqual({ queued: 2 });
    // The same step queued again (a job run twice, a second link to the same person): nothing new.
    const again = await withTransaction(runtime.database, (trx) =>
      queueNotice(trx, request(robin, 'shipped:1', 'No more <script>fees</script>')),
    );
    expect(again).toEqual({ queued: false });
    // Sam opts out between the step and the send.
    await withdrawConsent(db, {
      organisationId,
      contactId: sam,
      purpose: 'loop_notices',
      source: 'link',
      at: Date.now(),
    });
    await runtime.worker.drain();

    expect(await noticeCounts(db, organisationId, { type: 'decision', id: 7 })).toMatchObject({
      sent: 1,
      skipped: 1,
      pending: 0,
      sending: 0,
      failed: 0,
    });
    const mails = await mailboxOf(servers.customer, 1);
    expect(mails).toHaveLength(1);
    const mail = mails[0] as string;
    expect(mail).toMatch(/Subject: It is done: No more <script>fees<\/script>/);
    expect(mail).toMatch(/Message-ID: <notice-\d+@hearken\.test>/);
    expect(mail).toContain('Content-Type: text/html');
    // The HTML part escapes the title and the note; the plain part carries them as written.
    expect(mail).toContain('&lt;script&gt;fees&lt;/script&gt;');
    expect(mail).toContain('Fees &lt;b&gt;gone&lt;/b&gt; &amp; done.');
    const htmlPart = mail.slice(mail.indexOf('Content-Type: text/html'));
    expect(htmlPart).not.toContain('<script>');
    expect(htmlPart).not.toContain('<b>');
    const link = /http:\/\/hearken\.test\/withdraw-consent#token=([A-Za-z0-9_-]+)/.exec(mail);
    expect(link).not.toBeNull();
    withdrawalToken = link?.[1] as string;
    expect(mail).toContain('List-Unsubscribe: <http://hearken.test/withdraw-consent#token=');
    const tokens = await db
      .selectFrom('one_time_tokens')
      .select(['purpose', 'subject_type', 'subject_id', 'data'])
      .where('purpose', '=', 'consent_withdrawal')
      .execute();
    expect(tokens).toHaveLength(1);
    expect(Number(tokens[0]?.subject_id)).toBe(robin);
    expect(JSON.parse(tokens[0]?.data ?? '{}')).toMatchObject({ consentPurpose: 'loop_notices' });

    // A later round (the job run again) sends nothing more.
    await deliverNotices(db, runtime.database.dialect, runtime.config, organisationId);
    expect(await noticeCounts(db, organisationId, { type: 'decision', id: 7 })).toMatchObject({
      sent: 1,
      skipped: 1,
    });
  });

  it('withdraws the consent with one click from the mail, once, without signing in', async () => {
    const app = await testApp(runtime);
    try {
      const used = await app.inject({
        method: 'POST',
        url: '/api/v1/consent-withdrawals',
        payload: { token: withdrawalToken },
      });
      expect(used.statusCode, used.body).toBe(200);
      expect(await hasConsent(db, organisationId, robin, 'loop_notices', Date.now())).toBe(false);
      const history = await consentHistory(db, organisationId, robin);
      expect(history[0]?.withdrawn_at).not.toBeNull();
      const again = await app.inject({
        method: 'POST',
        url: '/api/v1/consent-withdrawals',
        payload: { token: withdrawalToken },
      });
      expect(again.statusCode).toBe(410);
    } finally {
      await app.close();
      // The later tests send to Robin again.
      await grantConsent(db, {
        organisationId,
        contactId: robin,
        purpose: 'loop_notices',
        source: 'test',
        at: Date.now(),
      });
    }
  });

  it('never sends again a notice cut off mid-send, and retries one the server never took', async () => {
    await withTransaction(runtime.database, (trx) =>
      queueNotice(trx, request(robin, 'shipped:2', 'Interrupted')),
    );
    // A sender claimed it and died before it knew the outcome (as after kill -9).
    const claimedAt = Date.now() - interruptedAfterMilliseconds - 1000;
    await db
      .updateTable('notices')
      .set({ status: 'sending', claimed_at: claimedAt, attempts: 1 })
      .where('step', '=', 'shipped:2')
      .execute();
    const outcome = await deliverNotices(
      db,
      runtime.database.dialect,
      runtime.config,
      organisationId,
    );
    expect(outcome).toMatchObject({ interrupted: 1, sent: 0 });
    const interrupted = await db
      .selectFrom('notices')
      .select(['status', 'error'])
      .where('step', '=', 'shipped:2')
      .executeTakeFirstOrThrow();
    expect(interrupted.status).toBe('failed');
    expect(interrupted.error).toMatch(/not sent again/);

    // A mail server that refuses the connection never took it: back to pending, tried again.
    await withTransaction(runtime.database, (trx) =>
      queueNotice(trx, request(robin, 'shipped:3', 'Refused')),
    );
    const closed = await freePort();
    const refused = await deliverNotices(
      db,
      runtime.database.dialect,
      { ...runtime.config, smtpUrl: `smtp://127.0.0.1:${closed}` },
      organisationId,
    );
    expect(refused).toMatchObject({ retry: 1, sent: 0, remaining: 1 });
    const waiting = await db
      .selectFrom('notices')
      .select(['status', 'attempts', 'error'])
      .where('step', '=', 'shipped:3')
      .executeTakeFirstOrThrow();
    expect(waiting.status).toBe('pending');
    expect(Number(waiting.attempts)).toBe(1);
    expect(waiting.error).toBeTruthy();
    const sent = await deliverNotices(db, runtime.database.dialect, runtime.config, organisationId);
    expect(sent).toMatchObject({ sent: 1, remaining: 0 });
    const mails = await mailboxOf(servers.customer, 2);
    expect(mails.filter((mail) => mail.includes('Subject: It is done: Refused'))).toHaveLength(1);
    expect(mails.some((mail) => mail.includes('Interrupted'))).toBe(false);
  });

  it('previews a notice with the sender renderer, escaping what it did not write', () => {
    const preview = previewNotice({
      purpose: 'loop_notices',
      step: 'shipped:9',
      data: { template: 'shipped', title: 'A & <B>', note: 'x' },
      consentPurpose: 'loop_notices',
      language: 'fr-FR',
    });
    expect(preview.subject).toBe('C’est fait : A & <B>');
    expect(preview.html).toContain('A &amp; &lt;B&gt;');
    expect(preview.html).not.toContain('<B>');
    expect(preview.text).toContain('/withdraw-consent#token=');
    expect(() => previewNotice({ purpose: 'loop_notices', step: 'nonsense', data: {} })).toThrow(
      /no template/,
    );
  });

  it('refuses a notice to nobody or to two people', async () => {
    await expect(
      withTransaction(runtime.database, (trx) =>
        queueNotice(trx, { ...request(robin, 's', 't'), userId: 1 }),
      ),
    ).rejects.toThrow(/exactly one/);
  });
});
