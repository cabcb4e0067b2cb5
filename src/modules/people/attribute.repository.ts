import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.js';

/** contact id → key → values (one value for single-valued keys, several for a `set`). */
export type AttributeValues = Map<number, Map<string, string[]>>;

/** The attribute values of a batch of contacts, optionally restricted to some keys. */
export async function attributeValuesOf(
  db: Kysely<Database>,
  organisationId: number,
  contactIds: readonly number[],
  keys?: readonly string[],
): Promise<AttributeValues> {
  const result: AttributeValues = new Map();
  if (contactIds.length === 0 || keys?.length === 0) return result;
  let query = db
    .selectFrom('contact_attributes')
    .select(['contact_id', 'key', 'value'])
    .where('organisation_id', '=', organisationId)
    .where('contact_id', 'in', [...contactIds]);
  if (keys) query = query.where('key', 'in', [...keys]);
  for (const row of await query.orderBy('contact_id').orderBy('key').orderBy('value').execute()) {
    let byKey = result.get(row.contact_id);
    if (!byKey) {
      byKey = new Map();
      result.set(row.contact_id, byKey);
    }
    const values = byKey.get(row.key);
    if (values) values.push(row.value);
    else byKey.set(row.key, [row.value]);
  }
  return result;
}

/** Replaces one contact's values of one key (an empty list removes the attribute). */
export async function replaceAttributeValues(
  db: Kysely<Database>,
  organisationId: number,
  contactId: number,
  key: string,
  values: readonly string[],
  at: number,
): Promise<void> {
  await db
    .deleteFrom('contact_attributes')
    .where('organisation_id', '=', organisationId)
    .where('contact_id', '=', contactId)
    .where('key', '=', key)
    .execute();
  const unique = [...new Set(values)];
  if (unique.length === 0) return;
  await db
    .insertInto('contact_attributes')
    .values(
      unique.map((value) => ({
        organisation_id: organisationId,
        contact_id: contactId,
        key,
        value,
        updated_at: at,
      })),
    )
    .execute();
}
