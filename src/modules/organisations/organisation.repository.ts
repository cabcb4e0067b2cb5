import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.js';

export async function firstOrganisation(db: Kysely<Database>) {
  return db.selectFrom('organisations').select(['id', 'name']).orderBy('id').executeTakeFirst();
}

export async function findOrganisation(db: Kysely<Database>, id: number) {
  return db
    .selectFrom('organisations')
    .select(['id', 'name'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function insertOrganisation(db: Kysely<Database>, name: string): Promise<number> {
  const row = await db
    .insertInto('organisations')
    .values({ name, settings: '{}', created_at: Date.now() })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function readInstanceState(db: Kysely<Database>, key: string) {
  const row = await db
    .selectFrom('instance_state')
    .select('value')
    .where('key', '=', key)
    .executeTakeFirst();
  return row?.value;
}

export async function writeInstanceState(db: Kysely<Database>, key: string, value: string) {
  await db
    .insertInto('instance_state')
    .values({ key, value })
    .onConflict((conflict) => conflict.column('key').doUpdateSet({ value }))
    .execute();
}
