import type { Kysely, Selectable } from 'kysely';
import type {
  ConsultationResponseTable,
  Database,
  Stance,
} from '../../platform/database/schema.js';

export type ResponseRow = Selectable<ConsultationResponseTable>;

export async function findResponse(
  db: Kysely<Database>,
  ringId: number,
  personKey: string,
): Promise<ResponseRow | undefined> {
  return db
    .selectFrom('consultation_responses')
    .selectAll()
    .where('ring_id', '=', ringId)
    .where('person_key', '=', personKey)
    .executeTakeFirst();
}

export interface ResponseValues {
  organisation_id: number;
  consultation_id: number;
  ring_id: number;
  person_key: string;
  contact_id: number;
  user_id: number | null;
  stance: Stance;
  reason: string;
  answers: string;
  request_id: string;
}

/** Inserts the first response of a person to a ring; undefined when one exists already. */
export async function insertResponseIfAbsent(
  db: Kysely<Database>,
  values: ResponseValues,
  at: number,
): Promise<number | undefined> {
  const inserted = await db
    .insertInto('consultation_responses')
    .values({ ...values, revision: 1, created_at: at, updated_at: at })
    .onConflict((conflict) => conflict.columns(['ring_id', 'person_key']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted?.id;
}

export async function updateResponse(
  db: Kysely<Database>,
  id: number,
  values: Pick<ResponseValues, 'stance' | 'reason' | 'answers' | 'request_id'>,
  revision: number,
  at: number,
): Promise<void> {
  await db
    .updateTable('consultation_responses')
    .set({ ...values, revision, updated_at: at })
    .where('id', '=', id)
    .execute();
}

export async function insertHistory(
  db: Kysely<Database>,
  row: {
    organisation_id: number;
    response_id: number;
    revision: number;
    answers: string;
    request_id: string;
    recorded_at: number;
  },
): Promise<void> {
  await db.insertInto('consultation_response_history').values(row).execute();
}

export async function historyOf(db: Kysely<Database>, responseId: number) {
  return db
    .selectFrom('consultation_response_history')
    .select(['revision', 'answers', 'request_id', 'recorded_at'])
    .where('response_id', '=', responseId)
    .orderBy('revision')
    .execute();
}

export async function replaceAnswerValues(
  db: Kysely<Database>,
  responseId: number,
  rows: {
    ring_id: number;
    question_id: number;
    contact_id: number;
    option: string | null;
    number: number | null;
  }[],
): Promise<void> {
  await db.deleteFrom('consultation_answer_values').where('response_id', '=', responseId).execute();
  if (rows.length === 0) return;
  await db
    .insertInto('consultation_answer_values')
    .values(rows.map((row) => ({ ...row, response_id: responseId })))
    .execute();
}

/** Reasons of a ring with who gave them (names are dropped by the presenter in anonymous mode). */
export async function reasonsOfRing(db: Kysely<Database>, ringId: number, limit: number) {
  return db
    .selectFrom('consultation_responses')
    .leftJoin('contacts', 'contacts.id', 'consultation_responses.contact_id')
    .select([
      'consultation_responses.id',
      'consultation_responses.stance',
      'consultation_responses.reason',
      'consultation_responses.contact_id',
      'consultation_responses.updated_at',
      'contacts.name',
    ])
    .where('consultation_responses.ring_id', '=', ringId)
    .orderBy('consultation_responses.id')
    .limit(limit)
    .execute();
}
