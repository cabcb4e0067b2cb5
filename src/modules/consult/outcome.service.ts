import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.js';
import type { ConsultationRow, RingRow } from './consult.repository.js';
import { participantsOf, tellUsers } from './outcome.repository.js';

/**
 * The change is announced (the last ring's gate said go): everyone who answered any ring is told
 * what was decided. Members and staff get it in the app now (notifications); external
 * participants (contacts without a user) get it through the notices module once it is merged:
 * the participant page shows the outcome to them meanwhile.
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
  return userIds.length;
}
