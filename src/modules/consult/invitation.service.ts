import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.js';
import { queueNotices } from '../notices/index.js';
import { parseAudience } from './audience.js';
import { resolveAudience } from './audience.service.js';
import type { ConsultationRow, RingRow } from './consult.repository.js';

/**
 * External people (contacts who are not users: partners, panel members, named customers) hear
 * of a consultation by e-mail, through the notices module, in the transaction that opens their
 * ring: each notice carries a one-time `consultation_access` link issued when it is sent (a
 * participant session scoped to this consultation). Members and staff find it in the app.
 * Deduplicated per ring and person, so a ring reopened by a retry invites nobody twice.
 */
export async function inviteExternalPeople(
  trx: Kysely<Database>,
  consultation: ConsultationRow,
  ring: RingRow,
  closesAt: number,
  at: number,
): Promise<number> {
  const resolved = await resolveAudience(
    trx,
    consultation.organisation_id,
    parseAudience(ring.audience),
    { at },
  );
  const { queued } = await queueNotices(
    trx,
    [...resolved.contactIds].map((contactId) => ({
      organisationId: consultation.organisation_id,
      contactId,
      purpose: 'consultation',
      subject: { type: 'consultation_ring', id: ring.id },
      step: 'invitation',
      channel: 'email' as const,
      data: {
        consultationId: consultation.id,
        title: consultation.title,
        closes: new Date(closesAt).toISOString().slice(0, 10),
      },
    })),
    at,
  );
  return queued;
}

/** The decision, e-mailed to the external people who answered (members are told in the app). */
export async function tellExternalOutcome(
  trx: Kysely<Database>,
  consultation: ConsultationRow,
  contactIds: readonly number[],
  decision: string,
  at: number,
): Promise<number> {
  const { queued } = await queueNotices(
    trx,
    contactIds.map((contactId) => ({
      organisationId: consultation.organisation_id,
      contactId,
      purpose: 'consultation',
      subject: { type: 'consultation', id: consultation.id },
      step: 'outcome',
      channel: 'email' as const,
      data: { consultationId: consultation.id, title: consultation.title, decision },
    })),
    at,
  );
  return queued;
}
