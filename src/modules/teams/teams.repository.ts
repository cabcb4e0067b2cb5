import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.js';

export interface TeamRow {
  id: number;
  name: string;
  timezone: string;
  created_at: number;
}

/** The organisation's teams, as every read of this module starts. */
const teamsOf = (db: Kysely<Database>, organisationId: number) =>
  db
    .selectFrom('teams')
    .select(['id', 'name', 'timezone', 'created_at'])
    .where('organisation_id', '=', organisationId);

export async function findTeamByName(
  db: Kysely<Database>,
  organisationId: number,
  name: string,
): Promise<TeamRow | undefined> {
  return teamsOf(db, organisationId).where('name', '=', name).executeTakeFirst();
}

export async function findTeamById(
  db: Kysely<Database>,
  organisationId: number,
  id: number,
): Promise<TeamRow | undefined> {
  return teamsOf(db, organisationId).where('id', '=', id).executeTakeFirst();
}

export async function listTeams(db: Kysely<Database>, organisationId: number): Promise<TeamRow[]> {
  return teamsOf(db, organisationId).orderBy('name').execute();
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
