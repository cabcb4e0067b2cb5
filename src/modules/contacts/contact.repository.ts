import type { Kysely } from 'kysely';
import { chunksOf } from '../../platform/database/chunks.js';
import type { Database } from '../../platform/database/schema.js';

export interface IdentityMatch {
  contact_id: number;
  channel: string;
  handle_key: string;
}

export async function findIdentities(
  db: Kysely<Database>,
  organisationId: number,
  channel: string,
  handleKeys: string[],
): Promise<IdentityMatch[]> {
  const result: IdentityMatch[] = [];
  for (const chunk of chunksOf(handleKeys)) {
    const rows = await db
      .selectFrom('contact_identities')
      .select(['contact_id', 'channel', 'handle_key'])
      .where('organisation_id', '=', organisationId)
      .where('channel', '=', channel)
      .where('handle_key', 'in', chunk)
      .execute();
    result.push(...rows);
  }
  return result;
}

/** Identities on any channel with these handle keys (an e-mail or phone number is one person). */
export async function findIdentitiesAnyChannel(
  db: Kysely<Database>,
  organisationId: number,
  handleKeys: string[],
): Promise<IdentityMatch[]> {
  const result: IdentityMatch[] = [];
  for (const chunk of chunksOf(handleKeys)) {
    const rows = await db
      .selectFrom('contact_identities')
      .innerJoin('contacts', 'contacts.id', 'contact_identities.contact_id')
      .select([
        'contact_identities.contact_id',
        'contact_identities.channel',
        'contact_identities.handle_key',
      ])
      .where('contact_identities.organisation_id', '=', organisationId)
      .where('contact_identities.handle_key', 'in', chunk)
      .where('contacts.merged_into_id', 'is', null)
      .orderBy('contact_identities.id')
      .execute();
    result.push(...rows);
  }
  return result;
}

export interface NewContact {
  id: number;
  organisation_id: number;
  name: string | null;
  created_at: number;
}

export interface NewIdentity {
  id: number;
  organisation_id: number;
  contact_id: number;
  channel: string;
  handle: string;
  handle_key: string;
  display_name: string | null;
  created_at: number;
}

export async function insertContacts(db: Kysely<Database>, contacts: NewContact[]): Promise<void> {
  for (const chunk of chunksOf(contacts)) {
    await db
      .insertInto('contacts')
      .values(
        chunk.map((contact) => ({
          ...contact,
          merged_into_id: null,
          updated_at: contact.created_at,
        })),
      )
      .execute();
  }
}

export async function insertIdentities(db: Kysely<Database>, identities: NewIdentity[]) {
  for (const chunk of chunksOf(identities)) {
    await db.insertInto('contact_identities').values(chunk).execute();
  }
}

export async function findContact(db: Kysely<Database>, organisationId: number, id: number) {
  return db
    .selectFrom('contacts')
    .select(['id', 'name', 'merged_into_id', 'created_at', 'updated_at'])
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function listIdentities(db: Kysely<Database>, contactIds: number[]) {
  if (contactIds.length === 0) return [];
  return db
    .selectFrom('contact_identities')
    .select(['id', 'contact_id', 'channel', 'handle', 'display_name', 'created_at'])
    .where('contact_id', 'in', contactIds)
    .orderBy('id')
    .execute();
}

/** Moves everything that belongs to `fromId` over to `intoId` and marks `fromId` merged. */
export async function mergeContactRows(
  db: Kysely<Database>,
  organisationId: number,
  fromId: number,
  intoId: number,
  now: number,
): Promise<void> {
  await db
    .updateTable('contact_identities')
    .set({ contact_id: intoId })
    .where('contact_id', '=', fromId)
    .execute();
  await db
    .updateTable('conversations')
    .set({ contact_id: intoId, updated_at: now })
    .where('organisation_id', '=', organisationId)
    .where('contact_id', '=', fromId)
    .execute();
  await db
    .updateTable('messages')
    .set({ author_contact_id: intoId })
    .where('organisation_id', '=', organisationId)
    .where('author_contact_id', '=', fromId)
    .execute();
  await db
    .updateTable('contacts')
    .set({ merged_into_id: intoId, updated_at: now })
    .where('id', '=', fromId)
    .execute();
  // Contacts merged into `fromId` earlier now point at the survivor directly.
  await db
    .updateTable('contacts')
    .set({ merged_into_id: intoId, updated_at: now })
    .where('merged_into_id', '=', fromId)
    .execute();
}

/**
 * Gives a known contact an identity on a channel, unless that handle already names someone there
 * (a portal participant posting: their posts must resolve to them, not to a new contact).
 */
export async function insertIdentityIfAbsent(
  db: Kysely<Database>,
  identity: {
    organisation_id: number;
    contact_id: number;
    channel: string;
    handle: string;
    handle_key: string;
    display_name: string | null;
    created_at: number;
  },
): Promise<void> {
  await db
    .insertInto('contact_identities')
    .values(identity)
    .onConflict((conflict) =>
      conflict.columns(['organisation_id', 'channel', 'handle_key']).doNothing(),
    )
    .execute();
}
