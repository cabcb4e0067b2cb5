import type { Kysely } from 'kysely';
import type { AppContext } from '../../platform/context.js';
import { type DialectName, withTransaction } from '../../platform/database/connection.js';
import { allocateIds } from '../../platform/database/id-allocator.js';
import type { Database } from '../../platform/database/schema.js';
import { AppError, notFound } from '../../platform/errors.js';
import { recordAudit } from '../audit/index.js';
import { actorOf, type Principal } from '../auth/index.js';
import { handleKey } from '../ingest/index.js';
import { contactErrors } from './contact.errors.js';
import {
  findContact,
  findIdentities,
  findIdentitiesAnyChannel,
  insertContacts,
  insertIdentities,
  insertIdentityIfAbsent,
  listIdentities,
  mergeContactRows,
} from './contact.repository.js';

const emailShape = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const phoneShape = /^\+?[0-9][0-9 ().-]{6,}$/;

/** A handle that names one person on every channel: an e-mail address or a phone number. */
export function isUniversalHandle(key: string): boolean {
  return emailShape.test(key) || phoneShape.test(key);
}

/**
 * Contact ids for the authors of a batch on one channel, keyed by handle key. Unknown handles get
 * a new contact with that identity. Callers hold the ingest lock, so two batches never create the
 * same identity twice; the unique index would reject it if they did.
 */
export async function resolveContacts(
  db: Kysely<Database>,
  dialect: DialectName,
  organisationId: number,
  channel: string,
  authors: { handle: string; name: string | null }[],
  now: number,
): Promise<Map<string, number>> {
  const wanted = new Map<string, { handle: string; name: string | null }>();
  for (const author of authors) {
    const key = handleKey(author.handle);
    if (!wanted.has(key)) wanted.set(key, author);
  }
  const result = new Map<string, number>();
  for (const match of await findIdentities(db, organisationId, channel, [...wanted.keys()])) {
    result.set(match.handle_key, match.contact_id);
  }
  const unknown = [...wanted.entries()].filter(([key]) => !result.has(key));
  if (unknown.length === 0) return result;
  // The same e-mail address or phone number on another channel is the same person: the new
  // identity joins that contact instead of starting another one.
  const shared = new Map<string, number>();
  const universal = unknown.map(([key]) => key).filter(isUniversalHandle);
  for (const match of await findIdentitiesAnyChannel(db, organisationId, universal)) {
    if (!shared.has(match.handle_key)) shared.set(match.handle_key, match.contact_id);
  }
  const missing = unknown.filter(([key]) => !shared.has(key));
  const contactIds = await allocateIds(db, dialect, 'contacts', missing.length);
  const identityIds = await allocateIds(db, dialect, 'contact_identities', unknown.length);
  const contacts = [];
  const identities = [];
  let created = 0;
  for (const [index, [key, author]] of unknown.entries()) {
    const existing = shared.get(key);
    const contactId = existing ?? contactIds[created++];
    const identityId = identityIds[index];
    if (contactId === undefined || identityId === undefined) {
      throw new Error('fewer ids allocated than contacts to create');
    }
    result.set(key, contactId);
    if (existing === undefined) {
      contacts.push({
        id: contactId,
        organisation_id: organisationId,
        name: author.name,
        created_at: now,
      });
    }
    identities.push({
      id: identityId,
      organisation_id: organisationId,
      contact_id: contactId,
      channel,
      handle: author.handle,
      handle_key: key,
      display_name: author.name,
      created_at: now,
    });
  }
  await insertContacts(db, contacts);
  await insertIdentities(db, identities);
  return result;
}

/** A contact of the organisation with all their channel identities. */
export async function contactWithIdentities(context: AppContext, principal: Principal, id: number) {
  const contact = await findContact(context.database.db, principal.organisationId, id);
  if (!contact) throw notFound('contact');
  const identities = await listIdentities(context.database.db, [contact.id]);
  return { contact, identities };
}

/**
 * Merges `fromId` into `intoId`: one person with all their channel identities and conversations.
 * The merged contact stays as a pointer so old links still resolve.
 */
export async function mergeContacts(
  context: AppContext,
  principal: Principal,
  intoId: number,
  fromId: number,
) {
  if (intoId === fromId) {
    throw new AppError('validation_failed', 'cannot merge a contact into itself', [
      { path: 'body/contact_id', message: 'must differ from the contact in the path' },
    ]);
  }
  await withTransaction(context.database, async (trx) => {
    const into = await findContact(trx, principal.organisationId, intoId);
    const from = await findContact(trx, principal.organisationId, fromId);
    if (!into) throw notFound('contact');
    if (!from) throw notFound('contact to merge');
    if (into.merged_into_id !== null || from.merged_into_id !== null) {
      throw contactErrors.error(
        'contact_already_merged',
        'one of these contacts was already merged into another',
      );
    }
    await mergeContactRows(trx, principal.organisationId, fromId, intoId, Date.now());
    await recordAudit(trx, {
      organisationId: principal.organisationId,
      actor: actorOf(principal),
      action: 'contact.merged',
      subjectType: 'contact',
      subjectId: intoId,
      changes: { merged_contact_id: fromId },
    });
  });
  return contactWithIdentities(context, principal, intoId);
}

/** Makes `handle` on `channel` name this contact from now on (when nobody holds it yet). */
export async function attachIdentity(
  db: Kysely<Database>,
  organisationId: number,
  contactId: number,
  channel: string,
  handle: string,
  now: number,
): Promise<void> {
  await insertIdentityIfAbsent(db, {
    organisation_id: organisationId,
    contact_id: contactId,
    channel,
    handle,
    handle_key: handleKey(handle),
    display_name: null,
    created_at: now,
  });
}
