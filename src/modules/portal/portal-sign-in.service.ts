import { createHash } from 'node:crypto';
import type { AppContext } from '../../platform/context.js';
import { withTransaction } from '../../platform/database/connection.js';
import { sendEmail } from '../../platform/mail.js';
import { issueOneTimeToken, participantLinkUrl } from '../auth/index.js';
import { contactForEmail } from '../people/index.js';
import {
  countSignInRequests,
  forgetOldSignInRequests,
  recordSignInRequest,
} from './portal-sign-in.repository.js';

/** Sign-in links asked for one e-mail address, and from one address, per hour. */
export const signInLimits = { perEmail: 5, perAddress: 30, windowMs: 3_600_000 };
const linkLifetimeMs = 30 * 60_000;
const emailShape = /^[^\s@<>"]{1,64}@[^\s@<>"]{1,190}\.[^\s@<>".]{2,}$/;

export type SignInRequestResult = 'sent' | 'invalid' | 'limited';

/**
 * A customer asks for a sign-in link. The contact with that e-mail is found (or created with an
 * e-mail identity: one person whatever channel they used before), a `portal_sign_in` link is
 * issued and mailed. The answer never says whether the address was known; past the limits per
 * e-mail and per address nothing is sent (and the page says to wait, for any address).
 */
export async function requestPortalSignIn(
  context: AppContext,
  organisationId: number,
  input: { email: string; address: string },
): Promise<SignInRequestResult> {
  const email = input.email.trim();
  if (email.length > 254 || !emailShape.test(email)) return 'invalid';
  const emailKey = `email:${createHash('sha256').update(email.toLowerCase()).digest('hex')}`;
  const addressKey = `address:${input.address}`;
  const now = Date.now();
  const issued = await withTransaction(context.database, async (trx) => {
    const counts = await countSignInRequests(
      trx,
      [emailKey, addressKey],
      now - signInLimits.windowMs,
    );
    if (
      (counts.get(emailKey) ?? 0) >= signInLimits.perEmail ||
      (counts.get(addressKey) ?? 0) >= signInLimits.perAddress
    ) {
      return null;
    }
    await recordSignInRequest(trx, [emailKey, addressKey], now);
    await forgetOldSignInRequests(trx, now - 24 * signInLimits.windowMs);
    const { contactId } = await contactForEmail(trx, organisationId, email, null, now);
    return issueOneTimeToken(trx, {
      organisationId,
      purpose: 'portal_sign_in',
      lifetimeMilliseconds: linkLifetimeMs,
      subject: { type: 'contact', id: contactId },
    });
  });
  if (!issued) return 'limited';
  const { smtpUrl, smtpFrom } = context.config;
  const link = participantLinkUrl(context.config, issued.token);
  if (!smtpUrl) {
    context.logger.warn('a portal sign-in link was asked for, but HEARKEN_SMTP_URL is not set');
    return 'sent';
  }
  try {
    await sendEmail(smtpUrl, {
      from: smtpFrom,
      to: email,
      subject: 'Your sign-in link',
      body:
        `Open this link to sign in to the community (it works once, in one browser, until ` +
        `${new Date(issued.expiresAt).toUTCString()}):\n\n${link}\n\n` +
        'If you did not ask for it, ignore this message.\n',
    });
  } catch (error) {
    // Said to nobody but the log: the page must not tell a known address from an unknown one.
    context.logger.warn(
      { reason: (error as Error).message },
      'a portal sign-in link could not be e-mailed',
    );
  }
  return 'sent';
}
