import { createHash, randomBytes } from 'node:crypto';
import type { Role } from '../../platform/database/schema.js';
import { type Principal, permissionsOfRole } from './permissions.js';

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** A random secret, URL-safe; 32 bytes (256 bits) by default. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function userPrincipal(
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

export function actorOf(principal: Principal | null): {
  type: 'user' | 'token' | 'system';
  id: number | null;
} {
  // No principal, or one that is neither a user nor a token (Hearken acting on its own, as the
  // demo does): the system.
  if (!principal || (principal.userId === null && principal.tokenId === null)) {
    return { type: 'system', id: null };
  }
  return principal.kind === 'user'
    ? { type: 'user', id: principal.userId }
    : { type: 'token', id: principal.tokenId };
}

/**
 * Hearken itself acting in an organisation (the demo setting it up): an admin's permissions,
 * recorded in the audit log as the system, with no session behind it.
 */
export function systemPrincipal(organisationId: number, name: string): Principal {
  return {
    kind: 'token',
    organisationId,
    userId: null,
    tokenId: null,
    role: 'admin',
    name,
    permissions: permissionsOfRole('admin'),
    csrfToken: null,
    sessionId: null,
  };
}
