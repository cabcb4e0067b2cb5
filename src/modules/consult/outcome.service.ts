import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.js';
import type { ConsultationRow, RingRow } from './consult.repository.js';
import { tellExternalOutcome } from './invitation.service.js';
import { participantsOf, tellUsers } from './outcome.repository.js';

/**
 * The change is announced (the last ring's gate said go): everyone who answered any ring is told
 * what was decided. Members and staff get it in the app (notifications); external participants
 * (contacts without a user) by e-mail through the notices module.
 */
export async function announceOutcome(
  trx: Kysely<Database>,
  consultation: ConsultationRow,
  rings: RingRow[],
  decision: string,
  at: number,
): Promise<number> {
  const participants = await participantsOf(
    trx,
    rings.map((ring) => ring.id),
  );
  const userIds = [
    ...new Set(participants.flatMap((row) => (row.user_id === null ? [] : [row.user_id]))),
  ];
  await tellUsers(trx, consultation.organisation_id, userIds, {
    type: 'consultation_outcome',
    data: JSON.stringify({ consultation_id: consultation.id, title: consultation.title, decision }),
    at,
  });
  const contactIds = [
    ...new Set(participants.flatMap((row) => (row.user_id === null ? [row.contact_id] : []))),
  ];
  await tellExternalOutcome(trx, consultation, contactIds, decision, at);
  return userIds.length + contactIds.length;
}
