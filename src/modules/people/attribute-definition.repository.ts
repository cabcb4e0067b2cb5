import type { Kysely } from 'kysely';
import type { AttributeType, Database } from '../../platform/database/schema.js';

export interface AttributeDefinitionRow {
  id: number;
  key: string;
  label: string;
  type: AttributeType;
  options: string[];
  source: 'csv' | 'system';
  created_at: number;
}

const columns = ['id', 'key', 'label', 'type', 'options', 'source', 'created_at'] as const;

function rowOf(row: {
  id: number;
  key: string;
  label: string;
  type: AttributeType;
  options: string;
  source: 'csv' | 'system';
  created_at: number;
}): AttributeDefinitionRow {
  return {
    ...row,
    id: Number(row.id),
    created_at: Number(row.created_at),
    options: JSON.parse(row.options) as string[],
  };
}

export async function listDefinitions(
  db: Kysely<Database>,
  organisationId: number,
): Promise<AttributeDefinitionRow[]> {
  const rows = await db
    .selectFrom('attribute_definitions')
    .select(columns)
    .where('organisation_id', '=', organisationId)
    .orderBy('key')
    .execute();
  return rows.map(rowOf);
}

export async function findDefinition(
  db: Kysely<Database>,
  organisationId: number,
  id: number,
): Promise<AttributeDefinitionRow | undefined> {
  const row = await db
    .selectFrom('attribute_definitions')
    .select(columns)
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row && rowOf(row);
}

export async function insertDefinition(
  db: Kysely<Database>,
  row: {
    organisationId: number;
    key: string;
    label: string;
    type: AttributeType;
    options: readonly string[];
    source: 'csv' | 'system';
    at: number;
  },
): Promise<number> {
  const inserted = await db
    .insertInto('attribute_definitions')
    .values({
      organisation_id: row.organisationId,
      key: row.key,
      label: row.label,
      type: row.type,
      options: JSON.stringify(row.options),
      source: row.source,
      created_at: row.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(inserted.id);
}

export async function updateDefinition(
  db: Kysely<Database>,
  organisationId: number,
  id: number,
  changes: { label: string; options: readonly string[] },
): Promise<void> {
  await db
    .updateTable('attribute_definitions')
    .set({ label: changes.label, options: JSON.stringify(changes.options) })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .execute();
}

/** Deletes a definition and every value of its key; returns how many values went. */
export async function deleteDefinitionAndValues(
  db: Kysely<Database>,
  organisationId: number,
  id: number,
  key: string,
): Promise<number> {
  const values = await db
    .deleteFrom('contact_attributes')
    .where('organisation_id', '=', organisationId)
    .where('key', '=', key)
    .executeTakeFirst();
  await db
    .deleteFrom('attribute_definitions')
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .execute();
  return Number(values.numDeletedRows);
}

/** Values of a key outside a list (an enum losing an option must not orphan them). */
export async function countValuesOutside(
  db: Kysely<Database>,
  organisationId: number,
  key: string,
  allowed: readonly string[],
): Promise<number> {
  let query = db
    .selectFrom('contact_attributes')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('organisation_id', '=', organisationId)
    .where('key', '=', key);
  if (allowed.length > 0) query = query.where('value', 'not in', [...allowed]);
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Every value of a key for a batch of contacts (segments of results). */
export async function valuesOfKey(
  db: Kysely<Database>,
  organisationId: number,
  contactIds: readonly number[],
  key: string,
): Promise<{ contact_id: number; value: string }[]> {
  if (contactIds.length === 0) return [];
  return db
    .selectFrom('contact_attributes')
    .select(['contact_id', 'value'])
    .where('organisation_id', '=', organisationId)
    .where('key', '=', key)
    .where('contact_id', 'in', [...contactIds])
    .orderBy('contact_id')
    .orderBy('value')
    .execute();
}
