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

export async function findOrganisationWithSettings(db: Kysely<Database>, id: number) {
  return db
    .selectFrom('organisations')
    .select(['id', 'name', 'settings'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function updateOrganisation(
  db: Kysely<Database>,
  id: number,
  changes: { name: string; settings: string },
): Promise<void> {
  await db.updateTable('organisations').set(changes).where('id', '=', id).execute();
}
