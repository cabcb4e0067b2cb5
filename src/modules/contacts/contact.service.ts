import type { Kysely } from 'kysely';
import type { DialectName } from '../../platform/database/connection.js';
import { allocateIds } from '../../platform/database/id-allocator.js';
import type { Database } from '../../platform/database/schema.js';
import { handleKey } from '../ingest/index.js';
import { findIdentities, insertContacts, insertIdentities } from './contact.repository.js';

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
  const missing = [...wanted.entries()].filter(([key]) => !result.has(key));
  if (missing.length === 0) return result;
  const contactIds = await allocateIds(db, dialect, 'contacts', missing.length);
  const identityIds = await allocateIds(db, dialect, 'contact_identities', missing.length);
  const contacts = missing.map(([key, author], index) => {
    const id = contactIds[index] as number;
    result.set(key, id);
    return { id, organisation_id: organisationId, name: author.name, created_at: now };
  });
  await insertContacts(db, contacts);
  await insertIdentities(
    db,
    missing.map(([key, author], index) => ({
      id: identityIds[index] as number,
      organisation_id: organisationId,
      contact_id: contactIds[index] as number,
      channel,
      handle: author.handle,
      handle_key: key,
      display_name: author.name,
      created_at: now,
    })),
  );
  return result;
}
