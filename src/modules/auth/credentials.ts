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
  if (!principal) return { type: 'system', id: null };
  return principal.kind === 'user'
    ? { type: 'user', id: principal.userId }
    : { type: 'token', id: principal.tokenId };
}
