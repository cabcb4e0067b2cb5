import { timingSafeEqual } from 'node:crypto';
import type { AppContext } from '../../platform/context.js';
import { withTransaction } from '../../platform/database/connection.js';
import type { Role } from '../../platform/database/schema.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit } from '../audit/index.js';
import {
  deleteSession,
  findApiTokenByHash,
  findSession,
  findUserByEmail,
  insertApiToken,
  insertUser,
  listApiTokens,
  markApiTokenUsed,
  revokeApiToken,
  touchSession,
} from './auth.repository.js';
import { actorOf, normaliseEmail, randomToken, sha256, userPrincipal } from './credentials.js';
import { hashPassword, minimumPasswordLength } from './password.js';
import { type Permission, type Principal, tokenScopes } from './permissions.js';

/** The principal of a session cookie, or null when it is unknown, expired or its user disabled. */
export async function authenticateSession(
  context: AppContext,
  sessionToken: string,
): Promise<Principal | null> {
  const { db } = context.database;
  const sessionId = sha256(sessionToken);
  const session = await findSession(db, sessionId);
  const now = Date.now();
  if (!session || session.expires_at <= now || session.disabled_at !== null) {
    if (session) await deleteSession(db, sessionId);
    return null;
  }
  // Sliding expiry, written at most once a minute to keep reads cheap.
  if (now - session.last_seen_at > 60_000) {
    await touchSession(db, sessionId, now, now + context.config.sessionTtlHours * 3_600_000);
  }
  return userPrincipal(
    {
      id: session.user_id,
      organisation_id: session.organisation_id,
      role: session.role,
      name: session.name,
    },
    session.csrf_token,
    sessionId,
  );
}

export async function logout(context: AppContext, principal: Principal): Promise<void> {
  if (principal.sessionId) await deleteSession(context.database.db, principal.sessionId);
}

export function csrfMatches(expected: string, given: string | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

const tokenPrefix = 'hk_';

/** The principal of an API token (`hk_...`), or null when it is unknown or revoked. */
export async function authenticateApiToken(
  context: AppContext,
  token: string,
): Promise<Principal | null> {
  if (!token.startsWith(tokenPrefix)) return null;
  const { db } = context.database;
  const row = await findApiTokenByHash(db, sha256(token));
  if (!row || row.revoked_at !== null) return null;
  const now = Date.now();
  if (row.last_used_at === null || now - row.last_used_at > 60_000) {
    await markApiTokenUsed(db, row.id, now);
  }
  return {
    kind: 'token',
    organisationId: row.organisation_id,
    userId: null,
    tokenId: row.id,
    role: null,
    name: row.name,
    permissions: new Set<Permission>(['self', ...(JSON.parse(row.scopes) as Permission[])]),
    csrfToken: null,
    sessionId: null,
  };
}

export interface CreatedToken {
  id: number;
  token: string;
  name: string;
  scopes: string[];
}

/** Creates an API token; the secret is returned once and only its hash is stored. */
export async function createApiToken(
  context: AppContext,
  organisationId: number,
  input: { name: string; scopes: string[] },
  createdBy: Principal | null,
): Promise<CreatedToken> {
  const unknown = input.scopes.filter(
    (scope) => !(tokenScopes as readonly string[]).includes(scope),
  );
  if (unknown.length > 0 || input.scopes.length === 0) {
    throw new AppError('validation_failed', 'invalid scopes', [
      { path: '/scopes', message: `allowed scopes: ${tokenScopes.join(', ')}` },
    ]);
  }
  const token = `${tokenPrefix}${randomToken()}`;
  const id = await withTransaction(context.database, async (trx) => {
    const id = await insertApiToken(trx, {
      organisationId,
      name: input.name,
      hash: sha256(token),
      prefix: token.slice(0, 10),
      scopes: [...new Set(input.scopes)],
      createdBy: createdBy?.userId ?? null,
    });
    await recordAudit(trx, {
      organisationId,
      actor: actorOf(createdBy),
      action: 'api_token.created',
      subjectType: 'api_token',
      subjectId: id,
      changes: { name: input.name, scopes: input.scopes },
    });
    return id;
  });
  return { id, token, name: input.name, scopes: input.scopes };
}

export async function revokeToken(context: AppContext, principal: Principal, id: number) {
  await withTransaction(context.database, async (trx) => {
    const revoked = await revokeApiToken(trx, principal.organisationId, id);
    if (!revoked) throw new AppError('not_found', 'api token not found or already revoked');
    await recordAudit(trx, {
      organisationId: principal.organisationId,
      actor: actorOf(principal),
      action: 'api_token.revoked',
      subjectType: 'api_token',
      subjectId: id,
      changes: {},
    });
  });
}

export async function listOrganisationTokens(context: AppContext, principal: Principal) {
  return listApiTokens(context.database.db, principal.organisationId);
}

export async function createUser(
  context: AppContext,
  organisationId: number,
  input: { email: string; name: string; role: Role; password: string },
  createdBy: Principal | null,
): Promise<number> {
  if (input.password.length < minimumPasswordLength) {
    throw new AppError('validation_failed', 'password too short', [
      { path: '/password', message: `at least ${minimumPasswordLength} characters` },
    ]);
  }
  const email = normaliseEmail(input.email);
  if (await findUserByEmail(context.database.db, email)) {
    throw new AppError('conflict', 'a user with this e-mail already exists');
  }
  const passwordHash = await hashPassword(input.password);
  return withTransaction(context.database, async (trx) => {
    const id = await insertUser(trx, {
      organisationId,
      email,
      name: input.name,
      role: input.role,
      passwordHash,
    });
    await recordAudit(trx, {
      organisationId,
      actor: actorOf(createdBy),
      action: 'user.created',
      subjectType: 'user',
      subjectId: id,
      changes: { email, role: input.role },
    });
    return id;
  });
}
