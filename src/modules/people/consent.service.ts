import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.js';
import {
  type ConsentRow,
  contactsWithAnyConsentRecord,
  contactsWithConsent,
  findConsentInForce,
  insertConsent,
  insertConsents,
  listConsentsOfContact,
  markConsentWithdrawn,
} from './consent.repository.js';

/**
 * Consent is a record, not a flag (docs/engagement.md §2): a grant is a row with its time and
 * source; withdrawal stamps it; granting again adds a row. Every sender and public page asks
 * `hasConsent` at the moment it acts, never a cached answer.
 */
const fixedPurposes = [
  'loop_notices',
  'public_name',
  'public_recognition',
  'digest_email',
] as const;

/** `panel:<id>` or one of the fixed purposes. */
export function isConsentPurpose(purpose: string): boolean {
  return (fixedPurposes as readonly string[]).includes(purpose) || /^panel:[1-9]\d*$/.test(purpose);
}

function checkPurpose(purpose: string): void {
  if (!isConsentPurpose(purpose)) throw new Error(`unknown consent purpose: ${purpose}`);
}

export async function hasConsent(
  db: Kysely<Database>,
  organisationId: number,
  contactId: number,
  purpose: string,
  at: number,
): Promise<boolean> {
  checkPurpose(purpose);
  return (await findConsentInForce(db, organisationId, contactId, purpose, at)) !== undefined;
}

export async function whoHasConsent(
  db: Kysely<Database>,
  organisationId: number,
  contactIds: readonly number[],
  purpose: string,
  at: number,
): Promise<Set<number>> {
  checkPurpose(purpose);
  return contactsWithConsent(db, organisationId, contactIds, purpose, at);
}

/** Records a grant unless one is already in force (granting twice keeps the first record). */
export async function grantConsent(
  db: Kysely<Database>,
  input: { organisationId: number; contactId: number; purpose: string; source: string; at: number },
): Promise<{ granted: boolean }> {
  checkPurpose(input.purpose);
  const current = await findConsentInForce(
    db,
    input.organisationId,
    input.contactId,
    input.purpose,
    input.at,
  );
  if (current) return { granted: false };
  await insertConsent(db, {
    organisation_id: input.organisationId,
    contact_id: input.contactId,
    purpose: input.purpose,
    granted_at: input.at,
    source: input.source,
  });
  return { granted: true };
}

export async function withdrawConsent(
  db: Kysely<Database>,
  input: { organisationId: number; contactId: number; purpose: string; source: string; at: number },
): Promise<{ withdrawn: boolean }> {
  checkPurpose(input.purpose);
  const count = await markConsentWithdrawn(
    db,
    input.organisationId,
    input.contactId,
    input.purpose,
    input.at,
    input.source,
  );
  return { withdrawn: count > 0 };
}

export async function consentHistory(
  db: Kysely<Database>,
  organisationId: number,
  contactId: number,
): Promise<ConsentRow[]> {
  return listConsentsOfContact(db, organisationId, contactId);
}

/**
 * A default grant (an opt-out purpose such as `loop_notices`, granted when feedback is linked):
 * recorded only for the contacts that have no record of the purpose at all, so a person who
 * withdrew is never opted back in by being linked again. Returns who was granted.
 */
export async function grantDefaultConsent(
  db: Kysely<Database>,
  input: {
    organisationId: number;
    contactIds: readonly number[];
    purpose: string;
    source: string;
    at: number;
  },
): Promise<number[]> {
  checkPurpose(input.purpose);
  const unique = [...new Set(input.contactIds)];
  const recorded = await contactsWithAnyConsentRecord(
    db,
    input.organisationId,
    unique,
    input.purpose,
  );
  const fresh = unique.filter((contactId) => !recorded.has(contactId));
  await insertConsents(
    db,
    fresh.map((contactId) => ({
      organisation_id: input.organisationId,
      contact_id: contactId,
      purpose: input.purpose,
      granted_at: input.at,
      source: input.source,
    })),
  );
  return fresh;
}
