import type { Kysely } from 'kysely';
import { type Config, publicUrl } from '../../platform/config.js';
import type { AppContext } from '../../platform/context.js';
import { withTransaction } from '../../platform/database/connection.js';
import type { Database } from '../../platform/database/schema.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit } from '../audit/index.js';
import { authErrors } from './auth.errors.js';
import { randomToken, sha256 } from './credentials.js';
import { type OneTimePurpose, redeemOneTimeToken } from './one-time-token.service.js';
import {
  findContactOfOrganisation,
  findParticipantSession,
  insertParticipantSession,
  revokeParticipantSessionById,
  revokeParticipantSessionsOf,
  touchParticipantSession,
} from './participant-session.repository.js';

/**
 * Participant principals (docs/engagement.md §4): a contact (customer, partner, panel member)
 * signed in by an e-mailed one-time link, never with a password. A session has a scope: the
 * portal, or one consultation; routes say whether they accept participants at all (the default
 * is staff only), and a consultation's routes also check the scope.
 */
export interface ParticipantPrincipal {
  kind: 'participant';
  organisationId: number;
  contactId: number;
  name: string | null;
  /** `portal` or `consultation:<id>`. */
  scope: string;
  sessionId: string;
  csrfToken: string;
}

export const participantLinkPurposes = [
  'portal_sign_in',
  'consultation_access',
] as const satisfies readonly OneTimePurpose[];

/** The address an e-mailed participant link points at (the token stays in the fragment). */
export function participantLinkUrl(config: Config, token: string): string {
  return `${publicUrl(config)}/join#token=${token}`;
}

export function consultationScope(consultationId: number): string {
  return `consultation:${consultationId}`;
}

/** True when the session may act on this consultation (its own scope, or the portal's). */
export function participantMaySeeConsultation(
  participant: ParticipantPrincipal,
  consultationId: number,
): boolean {
  return participant.scope === consultationScope(consultationId);
}

export interface OpenedParticipantSession {
  /** The cookie value; only its hash is stored. */
  token: string;
  expiresAt: number;
  principal: ParticipantPrincipal;
}

export async function openParticipantSession(
  db: Kysely<Database>,
  input: {
    organisationId: number;
    contactId: number;
    scope: string;
    lifetimeMilliseconds: number;
    userAgent?: string | null;
    ipAddress?: string | null;
  },
): Promise<OpenedParticipantSession> {
  if (input.scope !== 'portal' && !/^consultation:[1-9]\d*$/.test(input.scope)) {
    throw new Error(`unknown participant scope: ${input.scope}`);
  }
  const contact = await findContactOfOrganisation(db, input.organisationId, input.contactId);
  if (!contact) throw new AppError('not_found', 'no such contact');
  // A contact merged into another signs in as the survivor: one person, one history.
  const contactId = contact.merged_into_id ?? contact.id;
  const token = randomToken();
  const csrfToken = randomToken();
  const now = Date.now();
  const expiresAt = now + input.lifetimeMilliseconds;
  const sessionId = sha256(token);
  await insertParticipantSession(db, {
    id: sessionId,
    organisation_id: input.organisationId,
    contact_id: contactId,
    scope: input.scope,
    csrf_token: csrfToken,
    created_at: now,
    expires_at: expiresAt,
    user_agent: input.userAgent?.slice(0, 300) ?? null,
    ip_address: input.ipAddress ?? null,
  });
  return {
    token,
    expiresAt,
    principal: {
      kind: 'participant',
      organisationId: input.organisationId,
      contactId,
      name: contact.name,
      scope: input.scope,
      sessionId,
      csrfToken,
    },
  };
}

export async function authenticateParticipantSession(
  context: AppContext,
  token: string,
): Promise<ParticipantPrincipal | null> {
  const { db } = context.database;
  const sessionId = sha256(token);
  const session = await findParticipantSession(db, sessionId);
  const now = Date.now();
  if (!session || session.revoked_at !== null || Number(session.expires_at) <= now) return null;
  if (now - Number(session.last_seen_at) > 60_000) {
    await touchParticipantSession(
      db,
      sessionId,
      now,
      now + context.config.participantSessionTtlHours * 3_600_000,
    );
  }
  return {
    kind: 'participant',
    organisationId: Number(session.organisation_id),
    contactId: Number(session.contact_id),
    name: session.name,
    scope: session.scope,
    sessionId,
    csrfToken: session.csrf_token,
  };
}

export async function endParticipantSession(
  context: AppContext,
  participant: ParticipantPrincipal,
): Promise<void> {
  await revokeParticipantSessionById(context.database.db, participant.sessionId, Date.now());
}

/** Revokes a person's access (all their sessions, or one scope's), as an owner's "revoke" does. */
export async function revokeParticipantAccess(
  db: Kysely<Database>,
  organisationId: number,
  contactId: number,
  scope: string | null,
): Promise<number> {
  return revokeParticipantSessionsOf(db, organisationId, contactId, scope, Date.now());
}

/**
 * Uses a portal or consultation link once, in this browser, and opens the participant session
 * it grants, in one transaction: a forwarded link used again, or opened first elsewhere, signs
 * nobody in.
 */
export async function signInWithParticipantLink(
  context: AppContext,
  input: { token: string; binding: string; userAgent: string | null; ipAddress: string | null },
): Promise<OpenedParticipantSession> {
  return withTransaction(context.database, async (trx) => {
    const link = await redeemOneTimeToken(trx, input.token, participantLinkPurposes, input.binding);
    if (link.subjectType !== 'contact' || link.subjectId === null) {
      throw authErrors.error('link_invalid', 'this link has expired or was already used');
    }
    let scope = 'portal';
    if (link.purpose === 'consultation_access') {
      const consultationId = Number(link.data.consultationId);
      if (!Number.isSafeInteger(consultationId) || consultationId < 1) {
        throw authErrors.error('link_invalid', 'this link has expired or was already used');
      }
      scope = consultationScope(consultationId);
    }
    const opened = await openParticipantSession(trx, {
      organisationId: link.organisationId,
      contactId: link.subjectId,
      scope,
      lifetimeMilliseconds: context.config.participantSessionTtlHours * 3_600_000,
      userAgent: input.userAgent,
      ipAddress: input.ipAddress,
    });
    await recordAudit(trx, {
      organisationId: link.organisationId,
      actor: { type: 'contact', id: opened.principal.contactId },
      action: 'participant.signed_in',
      subjectType: 'contact',
      subjectId: opened.principal.contactId,
      changes: { scope, purpose: link.purpose, link_id: link.id },
    });
    return opened;
  });
}
