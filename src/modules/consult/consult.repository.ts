import type { Kysely, Selectable } from 'kysely';
import type {
  ConsultationGateDecisionTable,
  ConsultationQuestionTable,
  ConsultationRingTable,
  ConsultationTable,
  ConsultationVersionTable,
  Database,
  GateDecision,
  QuestionKind,
  RingState,
} from '../../platform/database/schema.js';

export type ConsultationRow = Selectable<ConsultationTable>;
export type VersionRow = Selectable<ConsultationVersionTable>;
export type RingRow = Selectable<ConsultationRingTable>;
export type QuestionRow = Selectable<ConsultationQuestionTable>;
export type GateRow = Selectable<ConsultationGateDecisionTable>;

export async function findConsultation(
  db: Kysely<Database>,
  organisationId: number,
  id: number,
): Promise<ConsultationRow | undefined> {
  return db
    .selectFrom('consultations')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function listConsultationRows(
  db: Kysely<Database>,
  organisationId: number,
): Promise<ConsultationRow[]> {
  return db
    .selectFrom('consultations')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .orderBy('id', 'desc')
    .limit(500)
    .execute();
}

export async function insertConsultation(
  db: Kysely<Database>,
  row: Omit<ConsultationRow, 'id'>,
): Promise<number> {
  const inserted = await db
    .insertInto('consultations')
    .values(row)
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

export async function updateConsultation(
  db: Kysely<Database>,
  id: number,
  changes: Partial<Pick<ConsultationRow, 'title' | 'anonymous' | 'state' | 'updated_at'>>,
): Promise<void> {
  await db.updateTable('consultations').set(changes).where('id', '=', id).execute();
}

export async function insertVersion(
  db: Kysely<Database>,
  row: Omit<VersionRow, 'id' | 'number'>,
): Promise<VersionRow> {
  const last = await db
    .selectFrom('consultation_versions')
    .select((eb) => eb.fn.max('number').as('number'))
    .where('consultation_id', '=', row.consultation_id)
    .executeTakeFirst();
  const number = Number(last?.number ?? 0) + 1;
  const inserted = await db
    .insertInto('consultation_versions')
    .values({ ...row, number })
    .returningAll()
    .executeTakeFirstOrThrow();
  return inserted;
}

export async function versionsOf(
  db: Kysely<Database>,
  consultationId: number,
): Promise<VersionRow[]> {
  return db
    .selectFrom('consultation_versions')
    .selectAll()
    .where('consultation_id', '=', consultationId)
    .orderBy('number')
    .execute();
}

export async function ringsOf(db: Kysely<Database>, consultationId: number): Promise<RingRow[]> {
  return db
    .selectFrom('consultation_rings')
    .selectAll()
    .where('consultation_id', '=', consultationId)
    .orderBy('ordinal')
    .orderBy('round')
    .execute();
}

export async function insertRing(db: Kysely<Database>, row: Omit<RingRow, 'id'>): Promise<number> {
  const inserted = await db
    .insertInto('consultation_rings')
    .values(row)
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

export async function updateRing(
  db: Kysely<Database>,
  id: number,
  changes: Partial<Omit<RingRow, 'id' | 'organisation_id' | 'consultation_id'>>,
): Promise<void> {
  await db.updateTable('consultation_rings').set(changes).where('id', '=', id).execute();
}

/** Moves a ring from one state to another; false when another request moved it first. */
export async function transitionRing(
  db: Kysely<Database>,
  id: number,
  from: RingState,
  changes: Partial<Omit<RingRow, 'id' | 'organisation_id' | 'consultation_id'>> & {
    state: RingState;
  },
): Promise<boolean> {
  const result = await db
    .updateTable('consultation_rings')
    .set(changes)
    .where('id', '=', id)
    .where('state', '=', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function deleteRing(db: Kysely<Database>, id: number): Promise<void> {
  await db.deleteFrom('consultation_questions').where('ring_id', '=', id).execute();
  await db.deleteFrom('consultation_rings').where('id', '=', id).execute();
}

export async function questionsOfRings(
  db: Kysely<Database>,
  ringIds: readonly number[],
): Promise<QuestionRow[]> {
  if (ringIds.length === 0) return [];
  return db
    .selectFrom('consultation_questions')
    .selectAll()
    .where('ring_id', 'in', [...ringIds])
    .orderBy('ring_id')
    .orderBy('position')
    .execute();
}

export interface QuestionValues {
  kind: QuestionKind;
  prompt: string;
  options: string[];
  required: boolean;
}

export async function replaceQuestions(
  db: Kysely<Database>,
  organisationId: number,
  ringId: number,
  questions: readonly QuestionValues[],
): Promise<void> {
  await db.deleteFrom('consultation_questions').where('ring_id', '=', ringId).execute();
  if (questions.length === 0) return;
  await db
    .insertInto('consultation_questions')
    .values(
      questions.map((question, position) => ({
        organisation_id: organisationId,
        ring_id: ringId,
        position,
        kind: question.kind,
        prompt: question.prompt,
        options: JSON.stringify(question.options),
        required: question.required ? 1 : 0,
      })),
    )
    .execute();
}

export async function gatesOf(
  db: Kysely<Database>,
  ringIds: readonly number[],
): Promise<GateRow[]> {
  if (ringIds.length === 0) return [];
  return db
    .selectFrom('consultation_gate_decisions')
    .selectAll()
    .where('ring_id', 'in', [...ringIds])
    .orderBy('decided_at')
    .execute();
}

export async function insertGate(
  db: Kysely<Database>,
  row: {
    organisation_id: number;
    ring_id: number;
    decision: GateDecision;
    reason: string;
    override_reason: string | null;
    decided_by_user_id: number;
    decided_at: number;
  },
): Promise<void> {
  await db.insertInto('consultation_gate_decisions').values(row).execute();
}

export async function isRevoked(
  db: Kysely<Database>,
  consultationId: number,
  personKeys: readonly string[],
): Promise<boolean> {
  const row = await db
    .selectFrom('consultation_revocations')
    .select('person_key')
    .where('consultation_id', '=', consultationId)
    .where('person_key', 'in', [...personKeys])
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertRevocation(
  db: Kysely<Database>,
  row: {
    consultation_id: number;
    person_key: string;
    organisation_id: number;
    reason: string;
    revoked_by_user_id: number;
    revoked_at: number;
  },
): Promise<void> {
  await db
    .insertInto('consultation_revocations')
    .values(row)
    .onConflict((conflict) => conflict.columns(['consultation_id', 'person_key']).doNothing())
    .execute();
}

export async function insertView(
  db: Kysely<Database>,
  row: {
    organisation_id: number;
    consultation_id: number;
    version_id: number;
    person_key: string;
    contact_id: number;
    viewed_at: number;
  },
): Promise<void> {
  await db.insertInto('consultation_views').values(row).execute();
}

export async function viewsOf(db: Kysely<Database>, consultationId: number) {
  return db
    .selectFrom('consultation_views')
    .select(['version_id', 'person_key', 'contact_id', 'viewed_at'])
    .where('consultation_id', '=', consultationId)
    .orderBy('viewed_at', 'desc')
    .limit(1000)
    .execute();
}

export async function contactOfUser(
  db: Kysely<Database>,
  organisationId: number,
  userId: number,
): Promise<{ contact_id: number | null; name: string; role: string } | undefined> {
  return db
    .selectFrom('users')
    .select(['contact_id', 'name', 'role'])
    .where('organisation_id', '=', organisationId)
    .where('id', '=', userId)
    .executeTakeFirst();
}
