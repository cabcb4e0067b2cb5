import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.js';
import { scopeOnly } from '../../platform/database/scope-column.js';

export async function listLabels(db: Kysely<Database>, organisationId: number) {
  return db
    .selectFrom('labels')
    .select(['id', 'name', 'colour'])
    .where('organisation_id', '=', organisationId)
    .orderBy('name_key')
    .execute();
}

export async function findLabelByName(db: Kysely<Database>, organisationId: number, name: string) {
  return db
    .selectFrom('labels')
    .select(['id', 'name', 'colour'])
    .where('organisation_id', '=', organisationId)
    .where('name_key', '=', name.trim().toLowerCase())
    .executeTakeFirst();
}

export async function insertLabel(
  db: Kysely<Database>,
  organisationId: number,
  name: string,
  colour: string,
  now: number,
) {
  const row = await db
    .insertInto('labels')
    .values({
      organisation_id: organisationId,
      name,
      name_key: name.toLowerCase(),
      colour,
      created_at: now,
    })
    .returning(['id', 'name', 'colour'])
    .executeTakeFirstOrThrow();
  return row;
}

export async function deleteLabel(db: Kysely<Database>, organisationId: number, id: number) {
  await db
    .deleteFrom('conversation_labels')
    .where('organisation_id', '=', organisationId)
    .where('label_id', '=', id)
    .execute();
  const result = await db
    .deleteFrom('labels')
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function countLabelsWithIds(
  db: Kysely<Database>,
  organisationId: number,
  ids: number[],
): Promise<number> {
  if (ids.length === 0) return 0;
  const row = await db
    .selectFrom('labels')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where(scopeOnly('organisation_id'), '=', organisationId)
    .where('id', 'in', ids)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function listLabelIdsOfConversation(db: Kysely<Database>, conversationId: number) {
  const rows = await db
    .selectFrom('conversation_labels')
    .select('label_id')
    .where('conversation_id', '=', conversationId)
    .execute();
  return rows.map((row) => row.label_id);
}

export async function replaceConversationLabels(
  db: Kysely<Database>,
  organisationId: number,
  conversationId: number,
  added: number[],
  removed: number[],
  now: number,
) {
  if (removed.length > 0) {
    await db
      .deleteFrom('conversation_labels')
      .where('conversation_id', '=', conversationId)
      .where('label_id', 'in', removed)
      .execute();
  }
  if (added.length > 0) {
    await db
      .insertInto('conversation_labels')
      .values(
        added.map((labelId) => ({
          conversation_id: conversationId,
          label_id: labelId,
          organisation_id: organisationId,
          created_at: now,
        })),
      )
      .execute();
  }
}
