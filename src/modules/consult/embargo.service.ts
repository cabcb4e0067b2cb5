import type { Kysely } from 'kysely';
import type { Database, Role } from '../../platform/database/schema.js';
import type { Principal } from '../auth/index.js';
import { hasAcceptedConfidentiality, partnerOrganisationOf } from '../people/index.js';
import { parseAudience } from './audience.js';
import {
  audienceIncludes,
  type PersonRef,
  personKeyOf,
  resolveAudience,
} from './audience.service.js';
import {
  type ConsultationRow,
  contactOfUser,
  isRevoked,
  type RingRow,
  ringsOf,
  versionsOf,
} from './consult.repository.js';

/**
 * Who is looking: a staff principal (agent, lead, admin, analyst, member signed in with a
 * password) or a participant principal (a contact signed in by an e-mailed link, limited to the
 * portal or to one consultation by its scope).
 */
export type ConsultViewer =
  | { kind: 'staff'; organisationId: number; userId: number | null; role: Role | null }
  | { kind: 'participant'; organisationId: number; contactId: number; scope: string };

export function viewerOfPrincipal(principal: Principal): ConsultViewer {
  return {
    kind: 'staff',
    organisationId: principal.organisationId,
    userId: principal.userId,
    role: principal.role,
  };
}

export type Sight =
  | {
      visible: false;
      /**
       * Set when the viewer is in an audience but is a partner's person who has not accepted
       * the partner's current confidentiality notice: they may see that notice and nothing else.
       */
      noticeOf?: number;
    }
  | {
      visible: true;
      /** Owner or admin: everything, every ring, every version, results. */
      manages: boolean;
      person: PersonRef | null;
      /** Rings the viewer may see: all for managers, else `audienceRingIds`. */
      ringIds: number[];
      /** Rings (open, closed or gated) whose audience holds the viewer: those they may answer. */
      audienceRingIds: number[];
      /** Versions the viewer may read: those shown by `ringIds`. */
      versionIds: number[];
    };

const hidden: Sight = { visible: false };

/** The person a viewer is, as rings' audiences know them. */
export async function personOfViewer(
  db: Kysely<Database>,
  viewer: ConsultViewer,
): Promise<PersonRef | null> {
  if (viewer.kind === 'participant') return { kind: 'contact', contactId: viewer.contactId };
  if (viewer.userId === null) return null;
  const user = await contactOfUser(db, viewer.organisationId, viewer.userId);
  if (!user) return null;
  return { kind: 'user', userId: viewer.userId, contactId: user.contact_id };
}

/**
 * THE embargo. Every route, list, search, export and live event of Consult asks this before it
 * reveals anything of a consultation: owners and admins see everything; anyone else sees it only
 * while in the audience of a ring that is open, closed or gated (never a draft ring), and only
 * the versions those rings show; a revoked person sees nothing. Callers answer 404 when hidden.
 */
export async function canSeeConsultation(
  db: Kysely<Database>,
  viewer: ConsultViewer,
  consultation: ConsultationRow,
  versionId?: number,
  known?: { rings?: RingRow[]; at?: number },
): Promise<Sight> {
  if (consultation.organisation_id !== viewer.organisationId) return hidden;
  // A participant session opens one consultation only: the one its link was for.
  if (viewer.kind === 'participant' && viewer.scope !== `consultation:${consultation.id}`) {
    return hidden;
  }
  const manages =
    viewer.kind === 'staff' &&
    ((viewer.userId !== null && viewer.userId === consultation.owner_user_id) ||
      viewer.role === 'admin');
  const person = await personOfViewer(db, viewer);
  const rings = known?.rings ?? (await ringsOf(db, consultation.id));
  const at = known?.at ?? Date.now();
  const audienceRingIds: number[] = [];
  const versionIds = new Set<number>();
  let revoked = false;
  if (person) {
    const keys = [personKeyOf(person)];
    if (person.kind === 'user' && person.contactId !== null) {
      keys.push(`contact:${person.contactId}`);
    }
    revoked = await isRevoked(db, consultation.id, keys);
  }
  if (person && !revoked) {
    for (const ring of rings) {
      if (ring.state === 'draft' || ring.version_id === null) continue;
      const resolved = await resolveAudience(
        db,
        consultation.organisation_id,
        parseAudience(ring.audience),
        { at, only: person },
      );
      if (!audienceIncludes(resolved, person)) continue;
      audienceRingIds.push(ring.id);
      versionIds.add(ring.version_id);
    }
  }
  if (manages) {
    const versions = await versionsOf(db, consultation.id);
    if (versionId !== undefined && !versions.some((version) => version.id === versionId)) {
      return hidden;
    }
    return {
      visible: true,
      manages: true,
      person,
      ringIds: rings.map((ring) => ring.id),
      audienceRingIds,
      versionIds: versions.map((version) => version.id),
    };
  }
  if (audienceRingIds.length === 0) return hidden;
  const contactId = person?.contactId ?? null;
  if (contactId !== null) {
    const partner = (
      await partnerOrganisationOf(db, consultation.organisation_id, [contactId])
    ).get(contactId);
    if (
      partner &&
      !(await hasAcceptedConfidentiality(db, consultation.organisation_id, contactId, partner.id))
    ) {
      return { visible: false, noticeOf: partner.id };
    }
  }
  if (versionId !== undefined && !versionIds.has(versionId)) return hidden;
  return {
    visible: true,
    manages: false,
    person,
    ringIds: audienceRingIds,
    audienceRingIds,
    versionIds: [...versionIds],
  };
}
