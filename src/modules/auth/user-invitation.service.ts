import type { Kysely } from 'kysely';
import { publicUrl } from '../../platform/config.js';
import type { AppContext } from '../../platform/context.js';
import { withTransaction } from '../../platform/database/connection.js';
import type { Database, Role } from '../../platform/database/schema.js';
import { AppError, notFound } from '../../platform/errors.js';
import { sendEmail } from '../../platform/mail.js';
import { recordAudit } from '../audit/index.js';
import { authErrors } from './auth.errors.js';
import {
  deleteSessionsOfUser,
  findUserByEmail,
  findUserById,
  findUserInOrganisation,
  insertUser,
  listUsers,
  lockActiveAdmins,
  revokeApiTokensOfUser,
  updatePasswordHash,
  updateUserProfile,
} from './auth.repository.js';
import { actorOf, normaliseEmail, sha256 } from './credentials.js';
import { usersWithOpenLinks } from './one-time-token.repository.js';
import {
  type IssuedLink,
  issueOneTimeToken,
  type OneTimePurpose,
  openOneTimeToken,
  redeemOneTimeToken,
} from './one-time-token.service.js';
import { generatePassword, hashPassword, minimumPasswordLength } from './password.js';
import type { Principal } from './permissions.js';
import { blocksOfAccounts, deleteCountersOfAccount } from './sign-in.repository.js';

/**
 * Users managed from the browser: invitations and password links (one-time links mailed through
 * the system mail sender, or shown once to the admin when no SMTP server is configured or it
 * failed), role and name changes that never leave the organisation without an admin, and
 * unlocking an account the sign-in throttle holds back.
 */

const passwordPurposes: readonly OneTimePurpose[] = ['invitation', 'password_reset'];

export interface DeliveredLink {
  userId: number;
  expiresAt: number;
  /** True when the link went out by e-mail; the link itself is then not returned. */
  emailed: boolean;
  /** The link, for the admin to pass on, when it was not e-mailed. */
  link: string | null;
  /** Why the e-mail did not go out, when SMTP is configured but failed. */
  mailError: string | null;
}

export async function listUsersForAdmin(context: AppContext, principal: Principal) {
  const { db } = context.database;
  const now = Date.now();
  const users = await listUsers(db, principal.organisationId);
  const invited = await usersWithOpenLinks(db, principal.organisationId, 'invitation', now);
  const blocks = await blocksOfAccounts(
    db,
    users.map((user) => sha256(user.email)),
    now,
  );
  return users.map((user) => ({
    ...user,
    invitationPending: invited.has(Number(user.id)),
    lockedUntil: blocks.get(sha256(user.email)) ?? null,
  }));
}

export async function inviteUser(
  context: AppContext,
  principal: Principal,
  input: { email: string; name: string; role: Role },
): Promise<DeliveredLink> {
  const email = normaliseEmail(input.email);
  if (await findUserByEmail(context.database.db, email)) {
    throw new AppError('conflict', 'a user with this e-mail already exists');
  }
  // Nobody knows this password: the invited user sets their own through the link.
  const passwordHash = await hashPassword(generatePassword());
  const { userId, issued } = await withTransaction(context.database, (trx) =>
    createInvitedUser(trx, context, principal, {
      email,
      name: input.name,
      role: input.role,
      passwordHash,
    }),
  );
  return deliver(context, userId, email, issued, invitationText(principal.name));
}

/**
 * Creates an invited user and their invitation link inside the caller's transaction (the CSV
 * import of members creates many in one); `deliverInvitation` sends the link once committed.
 * `passwordHash` is of a password nobody knows (`hashPassword(generatePassword())`).
 */
export async function createInvitedUser(
  trx: Kysely<Database>,
  context: AppContext,
  principal: Principal,
  input: { email: string; name: string; role: Role; passwordHash: string },
): Promise<{ userId: number; issued: IssuedLink }> {
  const email = normaliseEmail(input.email);
  const userId = await insertUser(trx, {
    organisationId: principal.organisationId,
    email,
    name: input.name,
    role: input.role,
    passwordHash: input.passwordHash,
  });
  const issued = await issueOneTimeToken(trx, {
    organisationId: principal.organisationId,
    purpose: 'invitation',
    userId,
    lifetimeMilliseconds: context.config.invitationLifetimeHours * 3_600_000,
    createdBy: principal.userId,
  });
  await recordAudit(trx, {
    organisationId: principal.organisationId,
    actor: actorOf(principal),
    action: 'user.invited',
    subjectType: 'user',
    subjectId: userId,
    changes: { email, name: input.name, role: input.role },
  });
  return { userId, issued };
}

/** Mails an invitation created by `createInvitedUser` (or returns the link when it cannot). */
export async function deliverInvitation(
  context: AppContext,
  principal: Principal,
  invited: { userId: number; email: string; issued: IssuedLink },
): Promise<DeliveredLink> {
  return deliver(
    context,
    invited.userId,
    invited.email,
    invited.issued,
    invitationText(principal.name),
  );
}

/** A new link for a user: an invitation again for one who never signed in, else a reset. */
export async function sendPasswordLink(
  context: AppContext,
  principal: Principal,
  userId: number,
): Promise<DeliveredLink & { purpose: OneTimePurpose }> {
  const user = await userInOrganisation(context, principal, userId);
  if (user.disabled_at !== null) {
    throw new AppError('conflict', 'the user is deactivated: reactivate them first');
  }
  const purpose: OneTimePurpose = user.last_login_at === null ? 'invitation' : 'password_reset';
  const lifetimeMilliseconds =
    purpose === 'invitation'
      ? context.config.invitationLifetimeHours * 3_600_000
      : context.config.passwordLinkLifetimeMinutes * 60_000;
  const issued = await withTransaction(context.database, async (trx) => {
    const issued = await issueOneTimeToken(trx, {
      organisationId: principal.organisationId,
      purpose,
      userId,
      lifetimeMilliseconds,
      createdBy: principal.userId,
      replaces: passwordPurposes,
    });
    await recordAudit(trx, {
      organisationId: principal.organisationId,
      actor: actorOf(principal),
      action: purpose === 'invitation' ? 'user.invited_again' : 'user.password_link_sent',
      subjectType: 'user',
      subjectId: userId,
      changes: {},
    });
    return issued;
  });
  const text = purpose === 'invitation' ? invitationText(principal.name) : resetText();
  return { purpose, ...(await deliver(context, userId, user.email, issued, text)) };
}

/** Renames a user or changes their role; the last active admin keeps the admin role. */
export async function changeUser(
  context: AppContext,
  principal: Principal,
  userId: number,
  changes: { name?: string; role?: Role },
): Promise<void> {
  const { database } = context;
  await userInOrganisation(context, principal, userId);
  await withTransaction(database, async (trx) => {
    const admins = await lockActiveAdmins(trx, database.dialect, principal.organisationId);
    const user = await findUserInOrganisation(trx, principal.organisationId, userId);
    if (!user) throw notFound('user');
    const demoted = changes.role !== undefined && changes.role !== 'admin';
    if (demoted && user.role === 'admin' && user.disabled_at === null && admins.length <= 1) {
      throw authErrors.error('last_admin', 'the last active admin must keep the admin role');
    }
    const changed: Record<string, { from: string; to: string }> = {};
    if (changes.name !== undefined && changes.name !== user.name) {
      changed.name = { from: user.name, to: changes.name };
    }
    if (changes.role !== undefined && changes.role !== user.role) {
      changed.role = { from: user.role, to: changes.role };
    }
    if (Object.keys(changed).length === 0) return;
    await updateUserProfile(trx, userId, changes, Date.now());
    await recordAudit(trx, {
      organisationId: principal.organisationId,
      actor: actorOf(principal),
      action: 'user.updated',
      subjectType: 'user',
      subjectId: userId,
      changes: changed,
    });
  });
}

/** Lifts the sign-in throttle's blocks on a user's account. */
export async function unlockUser(context: AppContext, principal: Principal, userId: number) {
  const user = await userInOrganisation(context, principal, userId);
  await withTransaction(context.database, async (trx) => {
    await deleteCountersOfAccount(trx, sha256(user.email));
    await recordAudit(trx, {
      organisationId: principal.organisationId,
      actor: actorOf(principal),
      action: 'user.unlocked',
      subjectType: 'user',
      subjectId: userId,
      changes: {},
    });
  });
}

/** What a password link is for, shown by the page it opens; binds it to this browser. */
export async function openPasswordLink(context: AppContext, token: string, binding: string) {
  const { db } = context.database;
  const link = await openOneTimeToken(db, token, passwordPurposes, binding);
  const user = link.userId === null ? undefined : await findUserById(db, link.userId);
  if (!user || user.disabled_at !== null) {
    throw authErrors.error('link_invalid', 'this link has expired or was already used');
  }
  return { purpose: link.purpose, email: user.email, name: user.name, expiresAt: link.expiresAt };
}

/**
 * Sets a password through an invitation or reset link. Whatever sessions and API tokens the user
 * had end with it (whoever knew the old password may hold them), and the sign-in throttle
 * forgets the account so the new password works at once.
 */
export async function setPasswordWithLink(
  context: AppContext,
  token: string,
  binding: string,
  password: string,
): Promise<{ email: string }> {
  if (password.length < minimumPasswordLength) {
    throw new AppError('validation_failed', 'password too short', [
      { path: '/password', message: `at least ${minimumPasswordLength} characters` },
    ]);
  }
  const passwordHash = await hashPassword(password);
  return withTransaction(context.database, async (trx) => {
    const link = await redeemOneTimeToken(trx, token, passwordPurposes, binding);
    const user = link.userId === null ? undefined : await findUserById(trx, link.userId);
    if (!user || user.disabled_at !== null) {
      throw authErrors.error('link_invalid', 'this link has expired or was already used');
    }
    const now = Date.now();
    await updatePasswordHash(trx, user.id, passwordHash);
    const sessionsEnded = await deleteSessionsOfUser(trx, user.id, now);
    const tokensRevoked = await revokeApiTokensOfUser(trx, user.id, now);
    await deleteCountersOfAccount(trx, sha256(user.email));
    await recordAudit(trx, {
      organisationId: user.organisation_id,
      actor: { type: 'user', id: user.id },
      action: link.purpose === 'invitation' ? 'user.invitation_accepted' : 'user.password_set',
      subjectType: 'user',
      subjectId: user.id,
      changes: { sessions_ended: sessionsEnded, tokens_revoked: tokensRevoked },
    });
    return { email: user.email };
  });
}

async function userInOrganisation(context: AppContext, principal: Principal, userId: number) {
  const user = await findUserInOrganisation(context.database.db, principal.organisationId, userId);
  if (!user) throw notFound('user');
  return user;
}

interface MailText {
  subject: string;
  body(link: string, expiresAt: number): string;
}

function invitationText(inviter: string): MailText {
  return {
    subject: 'You are invited to Hearken',
    body: (link, expiresAt) =>
      `${inviter} invited you to Hearken.\n\nSet your password here (the link works once, ` +
      `until ${new Date(expiresAt).toUTCString()}):\n\n${link}\n`,
  };
}

function resetText(): MailText {
  return {
    subject: 'Set a new Hearken password',
    body: (link, expiresAt) =>
      `An administrator asked for a new password for your Hearken account.\n\nSet it here (the ` +
      `link works once, until ${new Date(expiresAt).toUTCString()}):\n\n${link}\n`,
  };
}

/** Mails the link; when that cannot happen, returns it so the admin can pass it on once. */
async function deliver(
  context: AppContext,
  userId: number,
  email: string,
  issued: IssuedLink,
  text: MailText,
): Promise<DeliveredLink> {
  // In the fragment, the token never reaches a server log or a Referer header.
  const link = `${publicUrl(context.config)}/set-password#token=${issued.token}`;
  const shown = { userId, expiresAt: issued.expiresAt, emailed: false, link };
  const { smtpUrl, smtpFrom } = context.config;
  if (!smtpUrl) return { ...shown, mailError: null };
  try {
    await sendEmail(smtpUrl, {
      from: smtpFrom,
      to: email,
      subject: text.subject,
      body: text.body(link, issued.expiresAt),
    });
    return { userId, expiresAt: issued.expiresAt, emailed: true, link: null, mailError: null };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    context.logger.warn({ userId, reason }, 'a password link could not be e-mailed');
    return { ...shown, mailError: reason };
  }
}
