import type { Role } from '../../platform/database/schema.js';

/** What an action needs. Roles grant sets of these; API tokens carry them as scopes. */
export const permissions = [
  /** Any signed-in user or valid token: reading one's own session, signing out. */
  'self',
  'inbound:write',
  'conversations:read',
  'conversations:write',
  'contacts:write',
  'audit:read',
  'admin',
  /** Creating and deleting labels and canned replies (applying them is conversations:write). */
  'inbox:manage',
  /** Routing rules, team membership, agents' capacity and follow-the-sun (team leads). */
  'routing:manage',
  /** SLA attainment, response-time percentiles, backlog and breach reports. */
  'reports:read',
  /** Business hours of teams and SLA policies. */
  'settings:write',
  /** Themes, near-duplicates, sentiment over time and backlash alerts (the listening dashboard). */
  'listening:read',
  /** Renaming, merging and splitting themes; acknowledging and resolving alerts. */
  'listening:write',
  /** Reading the close-the-loop ledger: decisions, their history and linked feedback. */
  'ledger:read',
  /** Turning messages, themes or a phone call into feedback linked to a decision. */
  'feedback:write',
  /** Creating decisions and moving them through their states; merging and splitting them. */
  'ledger:write',
  /** Reading the community's staff API and posting in the portal as staff. */
  'community:write',
  /** Community categories, idea statuses, merging duplicate ideas, hiding posts (leads, admins). */
  'community:moderate',
  /** Creating consultations and running them as their owner (rings, gates, results, concerns). */
  'consultations:manage',
] as const;
export type Permission = (typeof permissions)[number];

/** Scopes an API token may hold; administration stays with signed-in admins. */
export const tokenScopes = [
  'inbound:write',
  'conversations:read',
  'conversations:write',
  'contacts:write',
] as const satisfies readonly Permission[];

export const roles: readonly Role[] = ['admin', 'lead', 'agent', 'analyst', 'member'];

const rolePermissions: Record<Role, readonly Permission[]> = {
  admin: permissions,
  lead: [
    'self',
    'conversations:read',
    'conversations:write',
    'contacts:write',
    'audit:read',
    'inbox:manage',
    'routing:manage',
    'reports:read',
    'settings:write',
    'listening:read',
    'listening:write',
    'ledger:read',
    'feedback:write',
    'ledger:write',
    'community:write',
    'community:moderate',
    'consultations:manage',
  ],
  agent: [
    'self',
    'conversations:read',
    'conversations:write',
    'contacts:write',
    'ledger:read',
    'feedback:write',
    'community:write',
  ],
  analyst: [
    'self',
    'conversations:read',
    'audit:read',
    'reports:read',
    'listening:read',
    'listening:write',
    'ledger:read',
    'feedback:write',
    'ledger:write',
    'community:write',
    'consultations:manage',
  ],
  /** An employee who is not an agent: signs in, takes part in consultations, sees no inbox. */
  member: ['self', 'community:write'],
};

export interface Principal {
  kind: 'user' | 'token';
  organisationId: number;
  userId: number | null;
  tokenId: number | null;
  role: Role | null;
  name: string;
  permissions: ReadonlySet<Permission>;
  /** Set for cookie sessions: writes must echo it in the x-csrf-token header. */
  csrfToken: string | null;
  sessionId: string | null;
}

export function permissionsOfRole(role: Role): ReadonlySet<Permission> {
  return new Set(rolePermissions[role]);
}
