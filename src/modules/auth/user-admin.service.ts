import type { AppContext } from '../../platform/context.js';
import { withTransaction } from '../../platform/database/connection.js';
import { AppError, notFound } from '../../platform/errors.js';
import { recordAudit } from '../audit/index.js';
import {
  deleteSessionsOfUser,
  findUserByEmail,
  findUserInOrganisation,
  listActiveSessions,
  lockActiveAdmins,
  revokeApiTokensOfUser,
  setUserDisabled,
  updatePasswordHash,
} from './auth.repository.js';
import { actorOf, normaliseEmail, sha256 } from './credentials.js';
import { generatePassword, hashPassword } from './password.js';
import type { Principal } from './permissions.js';
import { deleteCountersOfAccount } from './sign-in.repository.js';

/**
 * What admins do to other users' access. Each change ends what the user could still do with the
 * access they had (sessions, API tokens they created) in the same transaction as the change and
 * its audit record, so there is no moment when the change is made but the access lives on.
 */

export interface AccessEnded {
  sessionsEnded: number;
  tokensRevoked: number;
}

async function userOf(context: AppContext, principal: Principal, userId: number) {
  const user = await findUserInOrganisation(context.database.db, principal.organisationId, userId);
  if (!user) throw notFound('user');
  return user;
}

/** Deactivates a user: they cannot sign in, their sessions end and their API tokens stop. */
export async function deactivateUser(
  context: AppContext,
  principal: Principal,
  userId: number,
): Promise<AccessEnded> {
  const { database } = context;
  await userOf(context, principal, userId);
  return withTransaction(database, async (trx) => {
    const now = Date.now();
    const activeAdmins = await lockActiveAdmins(trx, database.dialect, principal.organisationId);
    const user = await findUserInOrganisation(trx, principal.organisationId, userId);
    if (!user) throw notFound('user');
    if (user.disabled_at !== null)
      throw new AppError('conflict', 'the user is already deactivated');
    if (user.role === 'admin' && activeAdmins.length <= 1) {
      throw new AppError('conflict', 'the last active admin cannot be deactivated');
    }
    await setUserDisabled(trx, user.id, now, now);
    const ended = await endAccess(trx, user.id, now);
    await recordAudit(trx, {
      organisationId: principal.organisationId,
      actor: actorOf(principal),
      action: 'user.deactivated',
      subjectType: 'user',
      subjectId: user.id,
      changes: { sessions_ended: ended.sessionsEnded, tokens_revoked: ended.tokensRevoked },
    });
    return ended;
  });
}

/** Lets a deactivated user sign in again (their old sessions and tokens stay ended). */
export async function reactivateUser(context: AppContext, principal: Principal, userId: number) {
  await userOf(context, principal, userId);
  await withTransaction(context.database, async (trx) => {
    const now = Date.now();
    if (!(await setUserDisabled(trx, userId, null, now))) {
      throw new AppError('conflict', 'the user is not deactivated');
    }
    await recordAudit(trx, {
      organisationId: principal.organisationId,
      actor: actorOf(principal),
      action: 'user.reactivated',
      subjectType: 'user',
      subjectId: userId,
      changes: {},
    });
  });
}

/** Signs a user out everywhere. */
export async function endUserSessions(
  context: AppContext,
  principal: Principal,
  userId: number,
): Promise<number> {
  await userOf(context, principal, userId);
  return withTransaction(context.database, async (trx) => {
    const ended = await deleteSessionsOfUser(trx, userId, Date.now());
    await recordAudit(trx, {
      organisationId: principal.organisationId,
      actor: actorOf(principal),
      action: 'user.sessions_ended',
      subjectType: 'user',
      subjectId: userId,
      changes: { sessions_ended: ended },
    });
    return ended;
  });
}

export async function listUserSessions(context: AppContext, principal: Principal, userId: number) {
  await userOf(context, principal, userId);
  return listActiveSessions(context.database.db, userId, Date.now());
}

/**
 * Gives a user a new generated password (shown once to whoever asked) and ends every session
 * and API token of theirs, since whoever knew the old password may hold them; their sign-in
 * throttle starts afresh so the owner can use the new password at once.
 */
export async function resetPassword(
  context: AppContext,
  email: string,
  resetBy: Principal | null,
): Promise<({ email: string; password: string } & AccessEnded) | null> {
  const user = await findUserByEmail(context.database.db, normaliseEmail(email));
  if (!user || (resetBy && user.organisation_id !== resetBy.organisationId)) return null;
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  const ended = await withTransaction(context.database, async (trx) => {
    const now = Date.now();
    await updatePasswordHash(trx, user.id, passwordHash);
    const ended = await endAccess(trx, user.id, now);
    await deleteCountersOfAccount(trx, sha256(user.email));
    await recordAudit(trx, {
      organisationId: user.organisation_id,
      actor: actorOf(resetBy),
      action: 'user.password_reset',
      subjectType: 'user',
      subjectId: user.id,
      changes: { sessions_ended: ended.sessionsEnded, tokens_revoked: ended.tokensRevoked },
    });
    return ended;
  });
  return { email: user.email, password, ...ended };
}

async function endAccess(
  trx: Parameters<typeof deleteSessionsOfUser>[0],
  userId: number,
  now: number,
): Promise<AccessEnded> {
  return {
    sessionsEnded: await deleteSessionsOfUser(trx, userId, now),
    tokensRevoked: await revokeApiTokensOfUser(trx, userId, now),
  };
}
