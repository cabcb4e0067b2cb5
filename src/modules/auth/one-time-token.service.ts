import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.js';
import { authErrors } from './auth.errors.js';
import { randomToken, sha256 } from './credentials.js';
import {
  bindOneTimeToken,
  expireOneTimeTokensOfUser,
  findOneTimeTokenByHash,
  insertOneTimeToken,
  markOneTimeTokenUsed,
} from './one-time-token.repository.js';

/**
 * One-time links, for every purpose that signs someone in or lets them act once without a
 * password: an invitation to set a password, a password reset, and later a customer's portal
 * sign-in, a partner's link, a consent withdrawal. The token itself travels only in the link;
 * the database keeps its SHA-256. A link expires, works once, and belongs to the browser that
 * opens it first (its binding, a random value the browser holds in a cookie), so a copy that
 * leaks later (a forwarded mail, a proxy log) is worth nothing.
 */
export const oneTimePurposes = [
  'invitation',
  'password_reset',
  'portal_sign_in',
  'partner_sign_in',
  'consultation_access',
  'consent_withdrawal',
  'check_back',
] as const;
export type OneTimePurpose = (typeof oneTimePurposes)[number];

export interface IssuedLink {
  id: number;
  token: string;
  expiresAt: number;
}

export interface OneTimeLink {
  id: number;
  organisationId: number;
  purpose: OneTimePurpose;
  userId: number | null;
  subjectType: string | null;
  subjectId: number | null;
  data: Record<string, unknown>;
  expiresAt: number;
}

/**
 * Issues a link inside the caller's transaction. When `replaces` is set, the user's earlier
 * unused links of those purposes stop working (a resent invitation replaces the old one).
 */
export async function issueOneTimeToken(
  db: Kysely<Database>,
  input: {
    organisationId: number;
    purpose: OneTimePurpose;
    lifetimeMilliseconds: number;
    userId?: number | null;
    subject?: { type: string; id: number } | null;
    data?: Record<string, unknown>;
    createdBy?: number | null;
    replaces?: readonly OneTimePurpose[];
  },
): Promise<IssuedLink> {
  const now = Date.now();
  if (input.userId && input.replaces?.length) {
    await expireOneTimeTokensOfUser(db, input.userId, input.replaces, now);
  }
  const token = randomToken();
  const expiresAt = now + input.lifetimeMilliseconds;
  const id = await insertOneTimeToken(db, {
    organisationId: input.organisationId,
    purpose: input.purpose,
    tokenHash: sha256(token),
    userId: input.userId ?? null,
    subjectType: input.subject?.type ?? null,
    subjectId: input.subject?.id ?? null,
    data: JSON.stringify(input.data ?? {}),
    expiresAt,
    createdBy: input.createdBy ?? null,
    now,
  });
  return { id, token, expiresAt };
}

/** The binding stored for a browser's binding value (only its hash is kept). */
export function bindingOf(browserValue: string): string {
  return sha256(`one-time-binding:${browserValue}`);
}

function linkOf(row: NonNullable<Awaited<ReturnType<typeof findOneTimeTokenByHash>>>) {
  return {
    id: Number(row.id),
    organisationId: Number(row.organisation_id),
    purpose: row.purpose as OneTimePurpose,
    userId: row.user_id === null ? null : Number(row.user_id),
    subjectType: row.subject_type,
    subjectId: row.subject_id === null ? null : Number(row.subject_id),
    data: JSON.parse(row.data) as Record<string, unknown>,
    expiresAt: Number(row.expires_at),
  };
}

async function usableLink(
  db: Kysely<Database>,
  token: string,
  purposes: readonly OneTimePurpose[],
  now: number,
) {
  const row = await findOneTimeTokenByHash(db, sha256(token));
  // Unknown, used, expired and wrong-purpose links get one answer, so none tells more.
  if (
    !row ||
    row.used_at !== null ||
    Number(row.expires_at) <= now ||
    !(purposes as readonly string[]).includes(row.purpose)
  ) {
    throw authErrors.error('link_invalid', 'this link has expired or was already used');
  }
  return row;
}

/**
 * Opens a link without using it (the page behind it shows what it is for): the first browser to
 * open it binds it; any other browser is refused from then on.
 */
export async function openOneTimeToken(
  db: Kysely<Database>,
  token: string,
  purposes: readonly OneTimePurpose[],
  binding: string,
): Promise<OneTimeLink> {
  const row = await usableLink(db, token, purposes, Date.now());
  if (row.bound_to !== binding) {
    if (row.bound_to !== null || !(await bindOneTimeToken(db, Number(row.id), binding))) {
      throw authErrors.error(
        'link_bound_elsewhere',
        'this link was opened in another browser; open it there, or ask for a new one',
      );
    }
  }
  return linkOf(row);
}

/**
 * Uses a link, once, inside the caller's transaction (so what it allows happens with it or not
 * at all): it must be unused, unexpired, of one of `purposes`, and opened in this browser first
 * or by nobody yet.
 */
export async function redeemOneTimeToken(
  db: Kysely<Database>,
  token: string,
  purposes: readonly OneTimePurpose[],
  binding: string,
): Promise<OneTimeLink> {
  const now = Date.now();
  const row = await usableLink(db, token, purposes, now);
  if (row.bound_to !== null && row.bound_to !== binding) {
    throw authErrors.error(
      'link_bound_elsewhere',
      'this link was opened in another browser; open it there, or ask for a new one',
    );
  }
  if (!(await markOneTimeTokenUsed(db, Number(row.id), binding, now))) {
    throw authErrors.error('link_invalid', 'this link has expired or was already used');
  }
  return linkOf(row);
}
