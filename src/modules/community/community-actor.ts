import type { CategoryVisibility } from '../../platform/database/schema.js';
import type { Principal } from '../auth/index.js';

/**
 * Who acts in the community. Staff are users signed in with their session (marked "staff" on
 * every post); participants are contacts signed in by e-mailed link; anonymous readers see the
 * categories open to everyone.
 */
export type CommunityActor =
  | { kind: 'anonymous'; organisationId: number }
  | {
      kind: 'staff';
      organisationId: number;
      userId: number;
      moderator: boolean;
      principal: Principal;
    }
  | { kind: 'participant'; organisationId: number; contactId: number };

export type SignedInActor = Exclude<CommunityActor, { kind: 'anonymous' }>;

/** A staff principal as a community actor (API tokens are not community members). */
export function staffActor(principal: Principal): CommunityActor {
  if (principal.userId === null)
    return { kind: 'anonymous', organisationId: principal.organisationId };
  return {
    kind: 'staff',
    organisationId: principal.organisationId,
    userId: principal.userId,
    moderator: principal.permissions.has('community:moderate'),
    principal,
  };
}

/** The key of a person's likes, votes and follows: one per person however they signed in. */
export function personOf(actor: SignedInActor): string {
  return actor.kind === 'staff' ? `user:${actor.userId}` : `contact:${actor.contactId}`;
}

export function visibilitiesOf(actor: CommunityActor): CategoryVisibility[] {
  if (actor.kind === 'staff') return ['everyone', 'signed_in', 'staff'];
  if (actor.kind === 'participant') return ['everyone', 'signed_in'];
  return ['everyone'];
}

export function isModerator(actor: CommunityActor): boolean {
  return actor.kind === 'staff' && actor.moderator;
}
