import type { Kysely, Selectable } from 'kysely';
import type {
  ConcernDisposition,
  ConsultationConcernTable,
  Database,
} from '../../platform/database/schema.js';

export type ConcernRow = Selectable<ConsultationConcernTable>;

export async function concernsOf(
  db: Kysely<Database>,
  consultationId: number,
): Promise<ConcernRow[]> {
  return db
    .selectFrom('consultation_concerns')
    .selectAll()
    .where('consultation_id', '=', consultationId)
    .where('disposition', '!=', 'merged')
    .orderBy('id')
    .execute();
}

export async function findConcern(
  db: Kysely<Database>,
  consultationId: number,
  id: number,
): Promise<ConcernRow | undefined> {
  return db
    .selectFrom('consultation_concerns')
    .selectAll()
    .where('consultation_id', '=', consultationId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function insertConcern(
  db: Kysely<Database>,
  row: Omit<ConcernRow, 'id'>,
): Promise<number> {
  const inserted = await db
    .insertInto('consultation_concerns')
    .values(row)
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

export async function updateConcern(
  db: Kysely<Database>,
  id: number,
  changes: Partial<Omit<ConcernRow, 'id' | 'organisation_id' | 'consultation_id'>>,
): Promise<void> {
  await db.updateTable('consultation_concerns').set(changes).where('id', '=', id).execute();
}

export async function setConcernsChanged(
  db: Kysely<Database>,
  consultationId: number,
  ids: readonly number[],
  versionId: number,
  at: number,
): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await db
    .updateTable('consultation_concerns')
    .set({ disposition: 'changed' as ConcernDisposition, version_id: versionId, updated_at: at })
    .where('consultation_id', '=', consultationId)
    .where('id', 'in', [...ids])
    .where('disposition', '!=', 'merged')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Open concerns of the consultation's automatic grouping of one ring (replaced on regrouping). */
export async function deleteAutomaticOpenConcerns(
  db: Kysely<Database>,
  ringId: number,
): Promise<void> {
  const ids = (
    await db
      .selectFrom('consultation_concerns')
      .select('id')
      .where('ring_id', '=', ringId)
      .where('manual', '=', 0)
      .where('disposition', '=', 'open')
      .execute()
  ).map((row) => row.id);
  if (ids.length === 0) return;
  await db.deleteFrom('consultation_concern_members').where('concern_id', 'in', ids).execute();
  await db.deleteFrom('consultation_concerns').where('id', 'in', ids).execute();
}

export async function addMembers(
  db: Kysely<Database>,
  concernId: number,
  responseIds: readonly number[],
): Promise<void> {
  if (responseIds.length === 0) return;
  await db
    .insertInto('consultation_concern_members')
    .values(responseIds.map((responseId) => ({ concern_id: concernId, response_id: responseId })))
    .onConflict((conflict) => conflict.columns(['concern_id', 'response_id']).doNothing())
    .execute();
}

export async function moveMembers(
  db: Kysely<Database>,
  fromConcernId: number,
  toConcernId: number,
  responseIds?: readonly number[],
): Promise<void> {
  let moving = db
    .selectFrom('consultation_concern_members')
    .select('response_id')
    .where('concern_id', '=', fromConcernId);
  if (responseIds) moving = moving.where('response_id', 'in', [...responseIds]);
  const ids = (await moving.execute()).map((row) => row.response_id);
  await addMembers(db, toConcernId, ids);
  if (ids.length > 0) {
    await db
      .deleteFrom('consultation_concern_members')
      .where('concern_id', '=', fromConcernId)
      .where('response_id', 'in', ids)
      .execute();
  }
}

/** Members of concerns with what the hot rule and the register need (never names). */
export async function membersOfConcerns(
  db: Kysely<Database>,
  concernIds: readonly number[],
  segmentKey: string,
) {
  if (concernIds.length === 0) return [];
  return db
    .selectFrom('consultation_concern_members as m')
    .innerJoin('consultation_responses as r', 'r.id', 'm.response_id')
    .leftJoin('contact_attributes as a', (join) =>
      join.onRef('a.contact_id', '=', 'r.contact_id').on('a.key', '=', segmentKey),
    )
    .select(['m.concern_id', 'r.id as response_id', 'r.stance', 'r.reason', 'a.value as segment'])
    .where('m.concern_id', 'in', [...concernIds])
    .orderBy('r.id')
    .execute();
}

export async function responsesWithReasons(db: Kysely<Database>, ringId: number) {
  return db
    .selectFrom('consultation_responses')
    .select(['id', 'reason', 'stance', 'updated_at'])
    .where('ring_id', '=', ringId)
    .orderBy('id')
    .execute();
}

export async function responseIdsOfRing(
  db: Kysely<Database>,
  ringId: number,
  ids: readonly number[],
): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('consultation_responses')
    .select('id')
    .where('ring_id', '=', ringId)
    .where('id', 'in', [...ids])
    .execute();
  return rows.map((row) => row.id);
}

export async function countResponses(db: Kysely<Database>, ringId: number): Promise<number> {
  const row = await db
    .selectFrom('consultation_responses')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('ring_id', '=', ringId)
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}
