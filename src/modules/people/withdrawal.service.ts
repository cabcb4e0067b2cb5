import type { Kysely } from 'kysely';
import { type Config, publicUrl } from '../../platform/config.js';
import type { AppContext } from '../../platform/context.js';
import { withTransaction } from '../../platform/database/connection.js';
import type { Database } from '../../platform/database/schema.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit } from '../audit/index.js';
import { bindingOf, issueOneTimeToken, redeemOneTimeToken } from '../auth/index.js';
import { isConsentPurpose, withdrawConsent } from './consent.service.js';
import { findPanelRow } from './panel.repository.js';

/**
 * One-click withdrawal (docs/engagement.md §2-3): every message sent under a consent carries a
 * link that withdraws that consent without signing in. The link is a one-time link of purpose
 * `consent_withdrawal` whose subject is the contact and whose data names the purpose; the page
 * behind it withdraws on open (a second use says the link was used).
 */

/** Every withdrawal link is redeemed from any browser: the token alone is the authority. */
const anyBrowser = bindingOf('consent-withdrawal');

/**
 * A withdrawal link for one person and purpose, issued inside the caller's transaction (the
 * sender's): put it in the message. `config` gives the public base URL and the link's lifetime.
 */
export async function consentWithdrawalLink(
  trx: Kysely<Database>,
  organisationId: number,
  contactId: number,
  purpose: string,
  config: Pick<Config, 'publicUrl' | 'port' | 'consentWithdrawalLinkLifetimeDays'>,
): Promise<string> {
  if (!isConsentPurpose(purpose)) throw new Error(`unknown consent purpose: ${purpose}`);
  const issued = await issueOneTimeToken(trx, {
    organisationId,
    purpose: 'consent_withdrawal',
    subject: { type: 'contact', id: contactId },
    data: { consentPurpose: purpose },
    lifetimeMilliseconds: config.consentWithdrawalLinkLifetimeDays * 86_400_000,
  });
  // In the fragment, the token never reaches a server log or a Referer header.
  return `${publicUrl(config as Config)}/withdraw-consent#token=${issued.token}`;
}

/** What a purpose means, in words a person who never saw Hearken understands. */
async function describePurpose(db: Kysely<Database>, organisationId: number, purpose: string) {
  const panel = /^panel:(\d+)$/.exec(purpose);
  if (panel) {
    const row = await findPanelRow(db, organisationId, Number(panel[1]));
    return `taking part in the customer panel “${row?.name ?? 'a panel'}”`;
  }
  const words: Record<string, string> = {
    loop_notices: 'being told what became of your feedback',
    public_name: 'showing your name on public pages',
    public_recognition: 'public thank-yous naming you',
    digest_email: 'e-mail digests',
  };
  return words[purpose] ?? purpose;
}

/** Uses a withdrawal link once: the consent is withdrawn and the link is spent together. */
export async function withdrawWithLink(
  context: AppContext,
  token: string,
): Promise<{ purpose: string; description: string; withdrawn: boolean }> {
  return withTransaction(context.database, async (trx) => {
    const link = await redeemOneTimeToken(trx, token, ['consent_withdrawal'], anyBrowser);
    const purpose = link.data.consentPurpose;
    if (link.subjectType !== 'contact' || link.subjectId === null || typeof purpose !== 'string') {
      throw new AppError('validation_failed', 'this link is not a consent withdrawal');
    }
    const result = await withdrawConsent(trx, {
      organisationId: link.organisationId,
      contactId: link.subjectId,
      purpose,
      source: 'link',
      at: Date.now(),
    });
    await recordAudit(trx, {
      organisationId: link.organisationId,
      actor: { type: 'system', id: null },
      action: 'consent.withdrawn_by_link',
      subjectType: 'contact',
      subjectId: link.subjectId,
      changes: { purpose, withdrawn: result.withdrawn },
    });
    return {
      purpose,
      description: await describePurpose(trx, link.organisationId, purpose),
      withdrawn: result.withdrawn,
    };
  });
}
