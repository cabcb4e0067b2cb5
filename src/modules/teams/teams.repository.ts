import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.js';

export interface TeamRow {
  id: number;
  name: string;
  timezone: string;
  created_at: number;
}

const teamColumns = ['id', 'name', 'timezone', 'created_at'] as const;

export async function findTeamByName(
  db: Kysely<Database>,
  organisationId: number,
  name: string,
): Promise<TeamRow | undefined> {
  return db
    .selectFrom('teams')
    .select(teamColumns)
    .where('organisation_id', '=', organisationId)
    .where('name', '=', name)
    .executeTakeFirst();
}

export async function findTeamById(
  db: Kysely<Database>,
  organisationId: number,
  id: number,
): Promise<TeamRow | undefined> {
  return db
    .selectFrom('teams')
    .select(teamColumns)
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function listTeams(db: Kysely<Database>, organisationId: number): Promise<TeamRow[]> {
  return db
    .selectFrom('teams')
    .select(teamColumns)
    .where('organisation_id', '=', organisationId)
    .orderBy('name')
    .execute();
}

export async function insertTeamIfAbsent(
  db: Kysely<Database>,
  organisationId: number,
  name: string,
  timezone: string,
): Promise<void> {
  await db
    .insertInto('teams')
    .values({ organisation_id: organisationId, name, timezone, created_at: Date.now() })
    .onConflict((conflict) => conflict.columns(['organisation_id', 'name']).doNothing())
    .execute();
}

export async function updateTeamTimezone(
  db: Kysely<Database>,
  organisationId: number,
  id: number,
  timezone: string,
): Promise<void> {
  await db
    .updateTable('teams')
    .set({ timezone })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .execute();
}
