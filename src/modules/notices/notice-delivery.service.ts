import type { Kysely } from 'kysely';
import { type Config, publicUrl } from '../../platform/config.js';
import type { DialectName } from '../../platform/database/connection.js';
import type { Database } from '../../platform/database/schema.js';
import { MailNotSentError, sendEmail } from '../../platform/mail.js';
import { findUserById, issueOneTimeToken, participantLinkUrl } from '../auth/index.js';
import { listIdentities } from '../contacts/index.js';
import { attributeValuesOf, consentWithdrawalLink, hasConsent } from '../people/index.js';
import { templateStepOf } from './notice.service.js';
import { languageOf, type NoticeLinks, renderNotice } from './notice-templates.js';
import {
  claimPendingNotices,
  countPendingNotices,
  failInterruptedNotices,
  finishNotice,
  type NoticeRow,
  oldestSendingClaim,
  returnNoticeToPending,
} from './notices.repository.js';

/**
 * Sending notices, at most once each.
 *
 * A notice is claimed (pending -> sending, attempts + 1, claimed_at) in one committed statement
 * before its mail is handed to the SMTP server, and marked sent (or skipped, or failed) after.
 * Between the two, a crash leaves the notice `sending`, and nothing tells us whether the server
 * took the mail: SMTP keeps no record we could ask. We choose at most once: such a notice, once
 * older than `interruptedAfterMilliseconds`, is marked failed with the reason and never sent
 * again, because a person told twice about the same step is the failure the dedupe key exists to
 * prevent, and a missed notice is visible (failed: K on the decision) while a duplicate is not.
 * Failures known to have happened before the server took the message (refused connection,
 * refused recipient: `MailNotSentError`) put the notice back to pending and are retried.
 */
export const interruptedAfterMilliseconds = 15 * 60_000;
/** Notices claimed at a time: small, so a kill leaves few in doubt. */
export const claimBatchSize = 20;
/** Known-not-sent failures tried this many times before the notice fails. */
export const maxNoticeAttempts = 5;
/** How long a withdrawal or check-back link in a notice works. */
export const noticeLinkLifetimeMilliseconds = 180 * 24 * 3600_000;

export interface DeliveryOutcome {
  sent: number;
  skipped: number;
  failed: number;
  retry: number;
  interrupted: number;
  /** Pending notices left (another round is needed). */
  remaining: number;
  /** When to look again at notices still `sending` elsewhere, if any. */
  recheckAt: number | null;
}

export function checkBackUrl(config: Config, token: string, answer: string): string {
  return `${publicUrl(config)}/api/v1/loop/check-back?token=${encodeURIComponent(token)}&answer=${answer}`;
}

async function recipientOf(
  db: Kysely<Database>,
  notice: NoticeRow,
): Promise<{ address: string; language: string | undefined } | { problem: string }> {
  if (notice.user_id !== null) {
    const user = await findUserById(db, notice.user_id);
    if (!user || Number(user.organisation_id) !== notice.organisation_id || user.disabled_at) {
      return { problem: 'the user no longer exists or is deactivated' };
    }
    return { address: user.email, language: undefined };
  }
  const contactId = notice.contact_id as number;
  const identities = await listIdentities(db, [contactId]);
  const email = identities.filter((identity) => identity.channel === 'email').at(-1);
  if (!email) return { problem: 'the person has no e-mail address' };
  const attributes = await attributeValuesOf(db, notice.organisation_id, [contactId], ['language']);
  return { address: email.handle, language: attributes.get(contactId)?.get('language')?.[0] };
}

async function linksOf(
  db: Kysely<Database>,
  config: Config,
  notice: NoticeRow,
  data: Record<string, unknown>,
): Promise<NoticeLinks> {
  const links: NoticeLinks = {};
  if (notice.contact_id === null) return links;
  const subject = { type: 'contact', id: notice.contact_id };
  if (typeof data.consentPurpose === 'string') {
    links.withdraw = await consentWithdrawalLink(
      db,
      notice.organisation_id,
      notice.contact_id,
      data.consentPurpose,
      config,
    );
  }
  if (notice.purpose === 'consultation' && typeof data.consultationId === 'number') {
    // The link opens a participant session scoped to this one consultation.
    const issued = await issueOneTimeToken(db, {
      organisationId: notice.organisation_id,
      purpose: 'consultation_access',
      lifetimeMilliseconds: noticeLinkLifetimeMilliseconds,
      subject,
      data: { consultationId: data.consultationId },
    });
    links.open = participantLinkUrl(config, issued.token);
  }
  if (notice.purpose === 'check_back') {
    const issued = await issueOneTimeToken(db, {
      organisationId: notice.organisation_id,
      purpose: 'check_back',
      lifetimeMilliseconds: noticeLinkLifetimeMilliseconds,
      subject,
      data: { decisionId: data.decisionId, eventId: data.eventId, noticeId: notice.id },
    });
    links.answers = {
      yes: checkBackUrl(config, issued.token, 'yes'),
      partly: checkBackUrl(config, issued.token, 'partly'),
      no: checkBackUrl(config, issued.token, 'no'),
    };
  }
  return links;
}

/** Sends one claimed notice and records what became of it. */
async function deliverOne(
  db: Kysely<Database>,
  config: Config,
  smtpUrl: string,
  notice: NoticeRow,
  outcome: DeliveryOutcome,
): Promise<void> {
  const data = JSON.parse(notice.data) as Record<string, unknown>;
  const consentPurpose = typeof data.consentPurpose === 'string' ? data.consentPurpose : null;
  if (
    consentPurpose &&
    notice.contact_id !== null &&
    !(await hasConsent(db, notice.organisation_id, notice.contact_id, consentPurpose, Date.now()))
  ) {
    await finishNotice(db, notice.id, {
      status: 'skipped',
      error: `no consent for ${consentPurpose} when it was to be sent`,
    });
    outcome.skipped++;
    return;
  }
  const recipient = await recipientOf(db, notice);
  if ('problem' in recipient) {
    await finishNotice(db, notice.id, { status: 'failed', error: recipient.problem });
    outcome.failed++;
    return;
  }
  const links = await linksOf(db, config, notice, data);
  const rendered = renderNotice({
    purpose: notice.purpose,
    templateStep: templateStepOf(notice.step, data),
    language: languageOf(recipient.language),
    data,
    links,
  });
  const host = new URL(publicUrl(config)).hostname || 'hearken';
  try {
    await sendEmail(smtpUrl, {
      from: config.smtpFrom,
      to: recipient.address,
      subject: rendered.subject,
      body: rendered.text,
      html: rendered.html,
      messageId: `<notice-${notice.id}@${host}>`,
      ...(links.withdraw ? { headers: { 'List-Unsubscribe': `<${links.withdraw}>` } } : {}),
    });
  } catch (error) {
    const message = (error as Error).message;
    if (error instanceof MailNotSentError && notice.attempts < maxNoticeAttempts) {
      await returnNoticeToPending(db, notice.id, message);
      outcome.retry++;
      return;
    }
    // After the data went out, the server may have taken it: never again (at most once).
    await finishNotice(db, notice.id, { status: 'failed', error: message });
    outcome.failed++;
    return;
  }
  await finishNotice(db, notice.id, { status: 'sent', error: null, sentAt: Date.now() });
  outcome.sent++;
}

/**
 * One round of an organisation's notices: fails the ones interrupted mid-send long ago, then
 * claims and sends pending ones batch by batch, up to `limit` notices.
 */
export async function deliverNotices(
  db: Kysely<Database>,
  dialect: DialectName,
  config: Config,
  organisationId: number,
  options: { limit?: number; now?: number } = {},
): Promise<DeliveryOutcome> {
  const outcome: DeliveryOutcome = {
    sent: 0,
    skipped: 0,
    failed: 0,
    retry: 0,
    interrupted: 0,
    remaining: 0,
    recheckAt: null,
  };
  const now = options.now ?? Date.now();
  outcome.interrupted = await failInterruptedNotices(
    db,
    organisationId,
    now - interruptedAfterMilliseconds,
    'interrupted while sending: it may have gone out, so it is not sent again',
  );
  const smtpUrl = config.smtpUrl;
  if (smtpUrl) {
    const limit = options.limit ?? 500;
    let handled = 0;
    while (handled < limit) {
      const claimed = await claimPendingNotices(
        db,
        dialect,
        organisationId,
        Math.min(claimBatchSize, limit - handled),
        Date.now(),
      );
      if (claimed.length === 0) break;
      for (const notice of claimed) await deliverOne(db, config, smtpUrl, notice, outcome);
      handled += claimed.length;
      // Known-not-sent failures wait for the job's next round rather than spinning here.
      if (outcome.retry > 0) break;
    }
  }
  outcome.remaining = await countPendingNotices(db, organisationId);
  const oldest = await oldestSendingClaim(db, organisationId);
  outcome.recheckAt = oldest === null ? null : oldest + interruptedAfterMilliseconds;
  return outcome;
}
