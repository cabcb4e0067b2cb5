import type { Kysely } from 'kysely';
import type { CheckBackAnswer, Database } from '../../platform/database/schema.js';

type Db = Kysely<Database>;

/** The people linked to a decision (each once, however many of their items are linked). */
export async function linkedContactIds(
  db: Db,
  organisationId: number,
  decisionId: number,
): Promise<number[]> {
  const rows = await db
    .selectFrom('decision_links as l')
    .innerJoin('feedback_items as f', 'f.id', 'l.feedback_item_id')
    .select('f.contact_id')
    .distinct()
    .where('l.organisation_id', '=', organisationId)
    .where('l.decision_id', '=', decisionId)
    .where('f.contact_id', 'is not', null)
    .execute();
  return rows.map((row) => Number(row.contact_id)).sort((a, b) => a - b);
}

/** Records (or changes) a person's check-back answer about one shipment. */
export async function saveCheckBackAnswer(
  db: Db,
  row: {
    organisationId: number;
    decisionId: number;
    eventId: number;
    contactId: number;
    answer: CheckBackAnswer;
    comment: string | null;
    believesInfluence: 'yes' | 'no' | null;
    now: number;
  },
): Promise<void> {
  await db
    .insertInto('check_back_answers')
    .values({
      organisation_id: row.organisationId,
      decision_id: row.decisionId,
      event_id: row.eventId,
      contact_id: row.contactId,
      answer: row.answer,
      comment: row.comment,
      believes_influence: row.believesInfluence,
      answered_at: row.now,
      updated_at: row.now,
    })
    .onConflict((conflict) =>
      conflict.columns(['event_id', 'contact_id']).doUpdateSet({
        answer: row.answer,
        comment: row.comment,
        believes_influence: row.believesInfluence,
        updated_at: row.now,
      }),
    )
    .execute();
}

export interface CheckBackSummary {
  yes: number;
  partly: number;
  no: number;
  believesYes: number;
  believesNo: number;
}

/** Answers per kind, for one decision or (decisionId undefined) the organisation. */
export async function checkBackSummary(
  db: Db,
  organisationId: number,
  decisionId?: number,
): Promise<CheckBackSummary> {
  let query = db
    .selectFrom('check_back_answers')
    .select((eb) => [
      eb.fn.sum<number>(eb.case().when('answer', '=', 'yes').then(1).else(0).end()).as('yes'),
      eb.fn.sum<number>(eb.case().when('answer', '=', 'partly').then(1).else(0).end()).as('partly'),
      eb.fn.sum<number>(eb.case().when('answer', '=', 'no').then(1).else(0).end()).as('no'),
      eb.fn
        .sum<number>(eb.case().when('believes_influence', '=', 'yes').then(1).else(0).end())
        .as('believes_yes'),
      eb.fn
        .sum<number>(eb.case().when('believes_influence', '=', 'no').then(1).else(0).end())
        .as('believes_no'),
    ])
    .where('organisation_id', '=', organisationId);
  if (decisionId !== undefined) query = query.where('decision_id', '=', decisionId);
  const row = await query.executeTakeFirst();
  return {
    yes: Number(row?.yes ?? 0),
    partly: Number(row?.partly ?? 0),
    no: Number(row?.no ?? 0),
    believesYes: Number(row?.believes_yes ?? 0),
    believesNo: Number(row?.believes_no ?? 0),
  };
}

/** The event a check-back asks about, with its decision's current state. */
export async function findShipment(db: Db, organisationId: number, eventId: number) {
  return db
    .selectFrom('decision_events as e')
    .innerJoin('decisions as d', 'd.id', 'e.decision_id')
    .select(['e.id', 'e.decision_id', 'e.to_state', 'd.title', 'd.state', 'd.organisation_id'])
    .where('e.organisation_id', '=', organisationId)
    .where('e.id', '=', eventId)
    .executeTakeFirst();
}

/** Published steps, newest first, with their decision (what the public page may show). */
export async function listPublishedSteps(db: Db, organisationId: number, limit: number) {
  return db
    .selectFrom('decision_events as e')
    .innerJoin('decisions as d', 'd.id', 'e.decision_id')
    .select([
      'e.id',
      'e.decision_id',
      'e.to_state',
      'e.outcome',
      'e.public_note',
      'e.created_at',
      'd.title',
      'd.public_description',
      'd.state',
    ])
    .where('e.organisation_id', '=', organisationId)
    .where('e.published', '=', 1)
    .where('d.state', '!=', 'merged')
    .orderBy('e.created_at', 'desc')
    .orderBy('e.id', 'desc')
    .limit(limit)
    .execute();
}
