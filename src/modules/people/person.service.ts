import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.js';
import { AppError, notFound } from '../../platform/errors.js';
import {
  contactIdsOfUserIds,
  findContactByEmail,
  findUserForContactLink,
  findUserOfContact,
  insertContact,
  insertEmailIdentity,
  setContactNameIfEmpty,
  setUserContact,
} from './person.repository.js';

/**
 * One person, many roles (docs/engagement.md §1): an e-mail address names one contact, whether
 * they came as a customer writing in, a partner's person, a CSV row or an employee's account.
 */

export const emailShape = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function emailKeyOf(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * The contact with this e-mail address, created (with an e-mail identity) when there is none;
 * a contact known by the address on another channel gains the e-mail identity. Inside the
 * caller's transaction.
 */
export async function contactForEmail(
  trx: Kysely<Database>,
  organisationId: number,
  email: string,
  name: string | null,
  at: number,
): Promise<{ contactId: number; created: boolean }> {
  const key = emailKeyOf(email);
  const found = await findContactByEmail(trx, organisationId, key);
  if (found) {
    if (!found.hasEmailIdentity) {
      await insertEmailIdentity(trx, organisationId, found.contactId, email.trim(), key, name, at);
    }
    if (name) await setContactNameIfEmpty(trx, organisationId, found.contactId, name, at);
    return { contactId: found.contactId, created: false };
  }
  const contactId = await insertContact(trx, organisationId, name, at);
  await insertEmailIdentity(trx, organisationId, contactId, email.trim(), key, name, at);
  return { contactId, created: true };
}

/**
 * The contact that represents a user as a person, linking one when there is none yet: the
 * contact holding the user's e-mail address if there is one (an employee who is also a customer
 * is one person), else a new one. Inside the caller's transaction.
 */
export async function ensureContactForUser(
  trx: Kysely<Database>,
  organisationId: number,
  userId: number,
): Promise<number> {
  const user = await findUserForContactLink(trx, organisationId, userId);
  if (!user) throw notFound('user');
  if (user.contact_id !== null) return Number(user.contact_id);
  const { contactId } = await contactForEmail(
    trx,
    organisationId,
    user.email,
    user.name,
    Date.now(),
  );
  const holder = await findUserOfContact(trx, organisationId, contactId);
  if (holder !== undefined && holder !== Number(user.id)) {
    throw new AppError('conflict', 'another user already represents this contact');
  }
  await setUserContact(trx, organisationId, Number(user.id), contactId);
  return contactId;
}

/** user id → contact id, for the users that have one linked. */
export async function contactIdsOfUsers(
  db: Kysely<Database>,
  organisationId: number,
  userIds: readonly number[],
): Promise<Map<number, number>> {
  return contactIdsOfUserIds(db, organisationId, userIds);
}
