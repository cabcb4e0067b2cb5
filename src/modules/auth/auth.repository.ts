import type { Kysely } from 'kysely';
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

export async function listUsers(db: Kysely<Database>, organisationId: number) {
  return db
    .selectFrom('users')
    .select(userColumns)
    .where('organisation_id', '=', organisationId)
    .orderBy('id')
    .execute();
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

export async function recordFailedLogin(
  db: Kysely<Database>,
  userId: number,
  failedLogins: number,
  lockedUntil: number | null,
) {
  await db
    .updateTable('users')
    .set({ failed_logins: failedLogins, locked_until: lockedUntil, updated_at: Date.now() })
    .where('id', '=', userId)
    .execute();
}

export async function recordSuccessfulLogin(db: Kysely<Database>, userId: number, now: number) {
  await db
    .updateTable('users')
    .set({ failed_logins: 0, locked_until: null, last_login_at: now })
    .where('id', '=', userId)
    .execute();
}

export async function updatePasswordHash(db: Kysely<Database>, userId: number, hash: string) {
  await db
    .updateTable('users')
    .set({ password_hash: hash, failed_logins: 0, locked_until: null, updated_at: Date.now() })
    .where('id', '=', userId)
    .execute();
}

export async function insertSession(
  db: Kysely<Database>,
  session: { id: string; userId: number; csrfToken: string; now: number; expiresAt: number },
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
    })
    .execute();
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
