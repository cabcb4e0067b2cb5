import { iso } from '../../platform/time.js';
import type { listApiTokens, listUsers, SessionRow } from './auth.repository.js';
import type { Principal } from './permissions.js';
import type { DeliveredLink } from './user-invitation.service.js';

type UserRow = Awaited<ReturnType<typeof listUsers>>[number] & {
  invitationPending: boolean;
  lockedUntil: number | null;
};
type TokenRow = Awaited<ReturnType<typeof listApiTokens>>[number];

export function presentPrincipal(principal: Principal) {
  return {
    user: {
      id: principal.userId,
      name: principal.name,
      role: principal.role,
      permissions: [...principal.permissions],
    },
    csrf_token: principal.csrfToken,
  };
}

export function presentUser(user: UserRow) {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    active: user.disabled_at === null,
    deactivated_at: iso(user.disabled_at),
    last_login_at: iso(user.last_login_at),
    invitation_pending: user.invitationPending,
    locked_until: iso(user.lockedUntil),
  };
}

/** A session as admins see it; its id (the hash of the cookie) is never shown. */
export function presentSession(session: SessionRow, currentSessionId: string | null) {
  return {
    created_at: iso(session.created_at),
    last_seen_at: iso(session.last_seen_at),
    expires_at: iso(session.expires_at),
    user_agent: session.user_agent,
    ip_address: session.ip_address,
    current: session.id === currentSessionId,
  };
}

export function presentAccessEnded(ended: { sessionsEnded: number; tokensRevoked: number }) {
  return { sessions_ended: ended.sessionsEnded, tokens_revoked: ended.tokensRevoked };
}

export function presentToken(token: TokenRow) {
  return {
    id: token.id,
    name: token.name,
    prefix: token.token_prefix,
    scopes: JSON.parse(token.scopes) as string[],
    created_at: iso(token.created_at),
    last_used_at: iso(token.last_used_at),
    revoked_at: iso(token.revoked_at),
  };
}

export function presentDeliveredLink(delivered: DeliveredLink) {
  return {
    id: delivered.userId,
    emailed: delivered.emailed,
    link: delivered.link,
    expires_at: iso(delivered.expiresAt),
    mail_error: delivered.mailError,
  };
}
