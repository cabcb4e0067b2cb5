import type { Kysely } from 'kysely';
import type { DialectName } from '../../platform/database/connection.js';
import type { Database, Role } from '../../platform/database/schema.js';

const userColumns = [
  'id',
  'organisation_id',
  'email',
  'name',
  'role',
  'password_hash',
  'failed_logins',
  'locked_until',
  'disabled_at',
  'last_login_at',
  'created_at',
  'updated_at',
] as const;

export async function findUserByEmail(db: Kysely<Database>, email: string) {
  return db.selectFrom('users').select(userColumns).where('email', '=', email).executeTakeFirst();
}

export async function findUserById(db: Kysely<Database>, id: number) {
  return db.selectFrom('users').select(userColumns).where('id', '=', id).executeTakeFirst();
}

/** The organisation's users, as every read of one organisation's users starts. */
const usersOf = (db: Kysely<Database>, organisationId: number) =>
  db.selectFrom('users').select(userColumns).where('organisation_id', '=', organisationId);

export async function listUsers(db: Kysely<Database>, organisationId: number) {
  return usersOf(db, organisationId).orderBy('id').execute();
}

export async function insertUser(
  db: Kysely<Database>,
  user: { organisationId: number; email: string; name: string; role: Role; passwordHash: string },
): Promise<number> {
  const now = Date.now();
  const row = await db
    .insertInto('users')
    .values({
      organisation_id: user.organisationId,
      email: user.email,
      name: user.name,
      role: user.role,
      password_hash: user.passwordHash,
      failed_logins: 0,
      locked_until: null,
      disabled_at: null,
      last_login_at: null,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function recordSuccessfulLogin(db: Kysely<Database>, userId: number, now: number) {
  await db.updateTable('users').set({ last_login_at: now }).where('id', '=', userId).execute();
}

export async function findUserInOrganisation(
  db: Kysely<Database>,
  organisationId: number,
  id: number,
) {
  return usersOf(db, organisationId).where('id', '=', id).executeTakeFirst();
}

/**
 * The organisation's active admins, locked on PostgreSQL until the transaction ends, so two
 * admins deactivating each other at once cannot both pass the last-admin check (the second waits
 * and then sees the first one's change). SQLite transactions already run one at a time.
 */
export async function lockActiveAdmins(
  trx: Kysely<Database>,
  dialect: DialectName,
  organisationId: number,
): Promise<number[]> {
  let query = trx
    .selectFrom('users')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('role', '=', 'admin')
    .where('disabled_at', 'is', null)
    .orderBy('id');
  if (dialect === 'postgres') query = query.forUpdate();
  return (await query.execute()).map((row) => row.id);
}

/** Sets or clears `disabled_at`; false when the user was already in that state. */
export async function setUserDisabled(
  trx: Kysely<Database>,
  userId: number,
  disabledAt: number | null,
  now: number,
): Promise<boolean> {
  const result = await trx
    .updateTable('users')
    .set({ disabled_at: disabledAt, updated_at: now })
    .where('id', '=', userId)
    .where('disabled_at', disabledAt === null ? 'is not' : 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function updatePasswordHash(db: Kysely<Database>, userId: number, hash: string) {
  await db
    .updateTable('users')
    .set({ password_hash: hash, updated_at: Date.now() })
    .where('id', '=', userId)
    .execute();
}

export async function insertSession(
  db: Kysely<Database>,
  session: {
    id: string;
    userId: number;
    csrfToken: string;
    now: number;
    expiresAt: number;
    userAgent: string | null;
    ipAddress: string | null;
  },
) {
  await db
    .insertInto('sessions')
    .values({
      id: session.id,
      user_id: session.userId,
      csrf_token: session.csrfToken,
      created_at: session.now,
      expires_at: session.expiresAt,
      last_seen_at: session.now,
      user_agent: session.userAgent,
      ip_address: session.ipAddress,
    })
    .execute();
}

export async function listActiveSessions(db: Kysely<Database>, userId: number, now: number) {
  return db
    .selectFrom('sessions')
    .select(['id', 'created_at', 'last_seen_at', 'expires_at', 'user_agent', 'ip_address'])
    .where('user_id', '=', userId)
    .where('expires_at', '>', now)
    .orderBy('last_seen_at', 'desc')
    .execute();
}

export type SessionRow = Awaited<ReturnType<typeof listActiveSessions>>[number];

/** Ends every session of a user; answers how many were still active. */
export async function deleteSessionsOfUser(
  trx: Kysely<Database>,
  userId: number,
  now: number,
): Promise<number> {
  const active = await trx
    .selectFrom('sessions')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('user_id', '=', userId)
    .where('expires_at', '>', now)
    .executeTakeFirstOrThrow();
  await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
  return Number(active.count);
}

/** Revokes the API tokens a user created; answers how many were still valid. */
export async function revokeApiTokensOfUser(
  trx: Kysely<Database>,
  userId: number,
  now: number,
): Promise<number> {
  const result = await trx
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('created_by_user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function findSession(db: Kysely<Database>, id: string) {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.id as session_id',
      'sessions.csrf_token',
      'sessions.expires_at',
      'sessions.last_seen_at',
      'users.id as user_id',
      'users.organisation_id',
      'users.role',
      'users.name',
      'users.email',
      'users.disabled_at',
    ])
    .where('sessions.id', '=', id)
    .executeTakeFirst();
}

export async function touchSession(
  db: Kysely<Database>,
  id: string,
  now: number,
  expiresAt: number,
) {
  await db
    .updateTable('sessions')
    .set({ last_seen_at: now, expires_at: expiresAt })
    .where('id', '=', id)
    .execute();
}

export async function deleteSession(db: Kysely<Database>, id: string) {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}

export async function insertApiToken(
  db: Kysely<Database>,
  token: {
    organisationId: number;
    name: string;
    hash: string;
    prefix: string;
    scopes: string[];
    createdBy: number | null;
  },
): Promise<number> {
  const row = await db
    .insertInto('api_tokens')
    .values({
      organisation_id: token.organisationId,
      name: token.name,
      token_hash: token.hash,
      token_prefix: token.prefix,
      scopes: JSON.stringify(token.scopes),
      created_by_user_id: token.createdBy,
      created_at: Date.now(),
      last_used_at: null,
      revoked_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findApiTokenByHash(db: Kysely<Database>, hash: string) {
  return db
    .selectFrom('api_tokens')
    .select(['id', 'organisation_id', 'name', 'scopes', 'revoked_at', 'last_used_at'])
    .where('token_hash', '=', hash)
    .executeTakeFirst();
}

export async function listApiTokens(db: Kysely<Database>, organisationId: number) {
  return db
    .selectFrom('api_tokens')
    .select([
      'id',
      'name',
      'token_prefix',
      'scopes',
      'created_by_user_id',
      'created_at',
      'last_used_at',
      'revoked_at',
    ])
    .where('organisation_id', '=', organisationId)
    .orderBy('id')
    .execute();
}

export async function markApiTokenUsed(db: Kysely<Database>, id: number, now: number) {
  await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', id).execute();
}

export async function revokeApiToken(db: Kysely<Database>, organisationId: number, id: number) {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: Date.now() })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function updateUserProfile(
  db: Kysely<Database>,
  userId: number,
  changes: { name?: string; role?: Role },
  now: number,
): Promise<void> {
  await db
    .updateTable('users')
    .set({ ...changes, updated_at: now })
    .where('id', '=', userId)
    .execute();
}
