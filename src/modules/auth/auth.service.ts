import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AppContext } from '../../platform/context.js';
import type { Role } from '../../platform/database/schema.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit } from '../audit/index.js';
import {
  deleteSession,
  findApiTokenByHash,
  findSession,
  findUserByEmail,
  insertApiToken,
  insertSession,
  insertUser,
  markApiTokenUsed,
  recordFailedLogin,
  recordSuccessfulLogin,
  revokeApiToken,
  touchSession,
} from './auth.repository.js';
import { hashPassword, minimumPasswordLength, verifyPassword } from './password.js';
import { type Permission, type Principal, permissionsOfRole, tokenScopes } from './permissions.js';

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

// Verifying against a real hash when the e-mail is unknown keeps the answer time the same, so
// response times do not reveal which addresses have accounts.
let decoyHash: Promise<string> | undefined;

export interface LoginResult {
  sessionToken: string;
  csrfToken: string;
  expiresAt: number;
  principal: Principal;
}

export async function login(
  context: AppContext,
  email: string,
  password: string,
): Promise<LoginResult> {
  const { db } = context.database;
  const now = Date.now();
  const user = await findUserByEmail(db, normaliseEmail(email));
  if (!user) {
    decoyHash ??= hashPassword(randomToken());
    await verifyPassword(password, await decoyHash);
    throw new AppError('invalid_credentials', 'e-mail or password is wrong');
  }
  if (user.disabled_at !== null)
    throw new AppError('invalid_credentials', 'e-mail or password is wrong');
  if (user.locked_until !== null && user.locked_until > now) {
    throw new AppError(
      'account_locked',
      `too many failed sign-ins; try again after ${new Date(user.locked_until).toISOString()}`,
    );
  }
  if (!(await verifyPassword(password, user.password_hash))) {
    const failures = (user.locked_until !== null ? 0 : user.failed_logins) + 1;
    const lock = failures >= context.config.loginMaxFailures;
    await recordFailedLogin(
      db,
      user.id,
      lock ? 0 : failures,
      lock ? now + context.config.loginLockoutMinutes * 60_000 : null,
    );
    if (lock) {
      await recordAudit(db, {
        organisationId: user.organisation_id,
        actor: { type: 'system', id: null },
        action: 'user.locked',
        subjectType: 'user',
        subjectId: user.id,
        changes: { failed_logins: failures },
      });
    }
    throw new AppError('invalid_credentials', 'e-mail or password is wrong');
  }
  await recordSuccessfulLogin(db, user.id, now);
  const sessionToken = randomToken();
  const csrfToken = randomToken(24);
  const expiresAt = now + context.config.sessionTtlHours * 3_600_000;
  await insertSession(db, { id: sha256(sessionToken), userId: user.id, csrfToken, now, expiresAt });
  return {
    sessionToken,
    csrfToken,
    expiresAt,
    principal: userPrincipal(user, csrfToken, sha256(sessionToken)),
  };
}

function userPrincipal(
  user: { id: number; organisation_id: number; role: Role; name: string },
  csrfToken: string | null,
  sessionId: string | null,
): Principal {
  return {
    kind: 'user',
    organisationId: user.organisation_id,
    userId: user.id,
    tokenId: null,
    role: user.role,
    name: user.name,
    permissions: permissionsOfRole(user.role),
    csrfToken,
    sessionId,
  };
}

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
  const id = await insertApiToken(context.database.db, {
    organisationId,
    name: input.name,
    hash: sha256(token),
    prefix: token.slice(0, 10),
    scopes: [...new Set(input.scopes)],
    createdBy: createdBy?.userId ?? null,
  });
  await recordAudit(context.database.db, {
    organisationId,
    actor: actorOf(createdBy),
    action: 'api_token.created',
    subjectType: 'api_token',
    subjectId: id,
    changes: { name: input.name, scopes: input.scopes },
  });
  return { id, token, name: input.name, scopes: input.scopes };
}

export async function revokeToken(context: AppContext, principal: Principal, id: number) {
  const revoked = await revokeApiToken(context.database.db, principal.organisationId, id);
  if (!revoked) throw new AppError('not_found', 'api token not found or already revoked');
  await recordAudit(context.database.db, {
    organisationId: principal.organisationId,
    actor: actorOf(principal),
    action: 'api_token.revoked',
    subjectType: 'api_token',
    subjectId: id,
    changes: {},
  });
}

export function actorOf(principal: Principal | null): {
  type: 'user' | 'token' | 'system';
  id: number | null;
} {
  if (!principal) return { type: 'system', id: null };
  return principal.kind === 'user'
    ? { type: 'user', id: principal.userId }
    : { type: 'token', id: principal.tokenId };
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
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
  const id = await insertUser(context.database.db, {
    organisationId,
    email,
    name: input.name,
    role: input.role,
    passwordHash: await hashPassword(input.password),
  });
  await recordAudit(context.database.db, {
    organisationId,
    actor: actorOf(createdBy),
    action: 'user.created',
    subjectType: 'user',
    subjectId: id,
    changes: { email, role: input.role },
  });
  return id;
}
