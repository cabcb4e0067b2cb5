import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.js';

const columns = [
  'id',
  'organisation_id',
  'purpose',
  'user_id',
  'subject_type',
  'subject_id',
  'data',
  'expires_at',
  'bound_to',
  'used_at',
  'created_at',
] as const;

export async function insertOneTimeToken(
  db: Kysely<Database>,
  row: {
    organisationId: number;
    purpose: string;
    tokenHash: string;
    userId: number | null;
    subjectType: string | null;
    subjectId: number | null;
    data: string;
    expiresAt: number;
    createdBy: number | null;
    now: number;
  },
): Promise<number> {
  const inserted = await db
    .insertInto('one_time_tokens')
    .values({
      organisation_id: row.organisationId,
      purpose: row.purpose,
      token_hash: row.tokenHash,
      user_id: row.userId,
      subject_type: row.subjectType,
      subject_id: row.subjectId,
      data: row.data,
      expires_at: row.expiresAt,
      bound_to: null,
      used_at: null,
      created_by_user_id: row.createdBy,
      created_at: row.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

export async function findOneTimeTokenByHash(db: Kysely<Database>, tokenHash: string) {
  return db
    .selectFrom('one_time_tokens')
    .select(columns)
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
}

/** Binds an unbound link to a browser; false when another browser was first. */
export async function bindOneTimeToken(
  db: Kysely<Database>,
  id: number,
  binding: string,
): Promise<boolean> {
  const result = await db
    .updateTable('one_time_tokens')
    .set({ bound_to: binding })
    .where('id', '=', id)
    .where('bound_to', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Marks a link used, once: only while unused, unexpired and bound to this browser (or not yet
 * bound), so two concurrent redemptions cannot both succeed.
 */
export async function markOneTimeTokenUsed(
  db: Kysely<Database>,
  id: number,
  binding: string,
  now: number,
): Promise<boolean> {
  const result = await db
    .updateTable('one_time_tokens')
    .set({ used_at: now, bound_to: binding })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .where((eb) => eb.or([eb('bound_to', 'is', null), eb('bound_to', '=', binding)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Ends the user's earlier unused links of a purpose (a new invitation replaces the old one). */
export async function expireOneTimeTokensOfUser(
  db: Kysely<Database>,
  userId: number,
  purposes: readonly string[],
  now: number,
): Promise<void> {
  await db
    .updateTable('one_time_tokens')
    .set({ expires_at: now })
    .where('user_id', '=', userId)
    .where('purpose', 'in', purposes)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .execute();
}

/** Users of the organisation with an invitation still open (unused and unexpired). */
export async function usersWithOpenLinks(
  db: Kysely<Database>,
  organisationId: number,
  purpose: string,
  now: number,
): Promise<Set<number>> {
  const rows = await db
    .selectFrom('one_time_tokens')
    .select('user_id')
    .distinct()
    .where('organisation_id', '=', organisationId)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .where('user_id', 'is not', null)
    .execute();
  return new Set(rows.map((row) => Number(row.user_id)));
}
