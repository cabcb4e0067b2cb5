import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.js';

export async function insertParticipantSession(
  db: Kysely<Database>,
  row: {
    id: string;
    organisation_id: number;
    contact_id: number;
    scope: string;
    csrf_token: string;
    created_at: number;
    expires_at: number;
    user_agent: string | null;
    ip_address: string | null;
  },
): Promise<void> {
  await db
    .insertInto('participant_sessions')
    .values({ ...row, last_seen_at: row.created_at, revoked_at: null })
    .execute();
}

/** A session with the contact behind it (a merged contact's session follows the survivor). */
export async function findParticipantSession(db: Kysely<Database>, id: string) {
  return db
    .selectFrom('participant_sessions')
    .innerJoin('contacts', 'contacts.id', 'participant_sessions.contact_id')
    .select([
      'participant_sessions.id',
      'participant_sessions.organisation_id',
      'participant_sessions.contact_id',
      'participant_sessions.scope',
      'participant_sessions.csrf_token',
      'participant_sessions.expires_at',
      'participant_sessions.last_seen_at',
      'participant_sessions.revoked_at',
      'contacts.name',
      'contacts.merged_into_id',
    ])
    .where('participant_sessions.id', '=', id)
    .executeTakeFirst();
}

export async function touchParticipantSession(
  db: Kysely<Database>,
  id: string,
  now: number,
  expiresAt: number,
): Promise<void> {
  await db
    .updateTable('participant_sessions')
    .set({ last_seen_at: now, expires_at: expiresAt })
    .where('id', '=', id)
    .execute();
}

export async function revokeParticipantSessionById(
  db: Kysely<Database>,
  id: string,
  now: number,
): Promise<void> {
  await db
    .updateTable('participant_sessions')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .execute();
}

/** Ends a contact's sessions, all of them or those of one scope; returns how many ended. */
export async function revokeParticipantSessionsOf(
  db: Kysely<Database>,
  organisationId: number,
  contactId: number,
  scope: string | null,
  now: number,
): Promise<number> {
  let query = db
    .updateTable('participant_sessions')
    .set({ revoked_at: now })
    .where('organisation_id', '=', organisationId)
    .where('contact_id', '=', contactId)
    .where('revoked_at', 'is', null);
  if (scope !== null) query = query.where('scope', '=', scope);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function findContactOfOrganisation(
  db: Kysely<Database>,
  organisationId: number,
  contactId: number,
) {
  return db
    .selectFrom('contacts')
    .select(['id', 'name', 'merged_into_id'])
    .where('organisation_id', '=', organisationId)
    .where('id', '=', contactId)
    .executeTakeFirst();
}
