import { type Kysely, sql } from 'kysely';
import type { Availability, Database, TeamMemberRole } from '../../platform/database/schema.js';

/** Capacity an agent gets until a lead sets another one. */
export const defaultCapacity = 5;

export async function listMembers(db: Kysely<Database>, organisationId: number, teamId: number) {
  return db
    .selectFrom('team_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .leftJoin('agent_availability as a', 'a.user_id', 'm.user_id')
    .select([
      'm.user_id',
      'u.name',
      'u.email',
      'm.role',
      'm.last_assigned_at',
      'a.status',
      'a.capacity',
      'a.status_changed_at',
    ])
    .where('m.organisation_id', '=', organisationId)
    .where('m.team_id', '=', teamId)
    .orderBy('u.name')
    .orderBy('m.user_id')
    .execute();
}

export async function upsertMember(
  db: Kysely<Database>,
  organisationId: number,
  teamId: number,
  userId: number,
  role: TeamMemberRole,
  now: number,
): Promise<void> {
  await db
    .insertInto('team_members')
    .values({
      team_id: teamId,
      user_id: userId,
      organisation_id: organisationId,
      role,
      last_assigned_at: null,
      created_at: now,
    })
    .onConflict((conflict) => conflict.columns(['team_id', 'user_id']).doUpdateSet({ role }))
    .execute();
}

export async function deleteMember(
  db: Kysely<Database>,
  organisationId: number,
  teamId: number,
  userId: number,
): Promise<boolean> {
  const result = await db
    .deleteFrom('team_members')
    .where('organisation_id', '=', organisationId)
    .where('team_id', '=', teamId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function teamsOfUser(db: Kysely<Database>, userId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('team_members')
    .select('team_id')
    .where('user_id', '=', userId)
    .execute();
  return rows.map((row) => row.team_id);
}

export async function findAvailability(db: Kysely<Database>, userId: number) {
  return db
    .selectFrom('agent_availability')
    .selectAll()
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

/** Creates the agent's row on first use (offline, default capacity) and returns it. */
export async function ensureAvailability(
  db: Kysely<Database>,
  organisationId: number,
  userId: number,
  now: number,
) {
  await db
    .insertInto('agent_availability')
    .values({
      user_id: userId,
      organisation_id: organisationId,
      status: 'offline',
      capacity: defaultCapacity,
      status_changed_at: now,
      presence_check_at: null,
      updated_at: now,
    })
    .onConflict((conflict) => conflict.column('user_id').doNothing())
    .execute();
  const row = await findAvailability(db, userId);
  if (!row) throw new Error(`agent availability of user ${userId} could not be created`);
  return row;
}

export async function writeStatus(
  db: Kysely<Database>,
  userId: number,
  status: Availability,
  now: number,
): Promise<void> {
  await db
    .updateTable('agent_availability')
    .set({ status, status_changed_at: now, updated_at: now })
    .where('user_id', '=', userId)
    .execute();
}

export async function writeCapacity(db: Kysely<Database>, userId: number, capacity: number) {
  await db
    .updateTable('agent_availability')
    .set({ capacity, updated_at: Date.now() })
    .where('user_id', '=', userId)
    .execute();
}

/**
 * Claims the agent's presence check for `at` unless one is already pending later than `now`;
 * returns whether the caller should enqueue the job (so one check per agent is in flight).
 */
export async function claimPresenceCheck(
  db: Kysely<Database>,
  userId: number,
  at: number,
  now: number,
): Promise<boolean> {
  const result = await db
    .updateTable('agent_availability')
    .set({ presence_check_at: at })
    .where('user_id', '=', userId)
    .where((eb) => eb.or([eb('presence_check_at', 'is', null), eb('presence_check_at', '<=', now)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function clearPresenceCheck(db: Kysely<Database>, userId: number) {
  await db
    .updateTable('agent_availability')
    .set({ presence_check_at: null })
    .where('user_id', '=', userId)
    .execute();
}

/** Last authenticated request of the user in any session (touched at most once a minute). */
export async function lastSessionActivity(db: Kysely<Database>, userId: number) {
  const row = await db
    .selectFrom('sessions')
    .select((eb) => eb.fn.max('last_seen_at').as('last_seen'))
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row?.last_seen === null || row?.last_seen === undefined ? null : Number(row.last_seen);
}

/**
 * Members of a team who may receive work: marked available, not disabled, with their capacity,
 * how many open conversations they hold (in any team), their round-robin turn and their last
 * session activity.
 */
export async function findAssignmentCandidates(db: Kysely<Database>, teamId: number) {
  const rows = await db
    .selectFrom('team_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .innerJoin('agent_availability as a', 'a.user_id', 'm.user_id')
    .select([
      'm.user_id',
      'm.last_assignment_seq',
      'a.capacity',
      'a.status_changed_at',
      sql<number>`(select count(*) from conversations c where c.assignee_id = m.user_id and c.status = 'open')`.as(
        'open_count',
      ),
      sql<
        number | null
      >`(select max(s.last_seen_at) from sessions s where s.user_id = m.user_id)`.as('last_seen'),
    ])
    .where('m.team_id', '=', teamId)
    .where('a.status', '=', 'available')
    .where('u.disabled_at', 'is', null)
    .execute();
  return rows.map((row) => ({
    userId: row.user_id,
    turn: Number(row.last_assignment_seq),
    capacity: row.capacity,
    openCount: Number(row.open_count),
    lastActivity: Math.max(Number(row.last_seen ?? 0), row.status_changed_at),
  }));
}

export async function maxTeamTurn(db: Kysely<Database>, teamId: number): Promise<number> {
  const row = await db
    .selectFrom('team_members')
    .select((eb) => eb.fn.max('last_assignment_seq').as('turn'))
    .where('team_id', '=', teamId)
    .executeTakeFirst();
  return Number(row?.turn ?? 0);
}

export async function writeTurn(
  db: Kysely<Database>,
  teamId: number,
  userId: number,
  turn: number,
  now: number,
): Promise<void> {
  await db
    .updateTable('team_members')
    .set({ last_assignment_seq: turn, last_assigned_at: now })
    .where('team_id', '=', teamId)
    .where('user_id', '=', userId)
    .execute();
}

/**
 * Gives `conversationId` to `userId` only if it is still open, unassigned and in `teamId`; a
 * second writer that raced us finds nothing to update.
 */
export async function assignIfWaiting(
  db: Kysely<Database>,
  organisationId: number,
  conversationId: number,
  teamId: number,
  userId: number,
  now: number,
): Promise<boolean> {
  const result = await db
    .updateTable('conversations')
    .set({ assignee_id: userId, updated_at: now })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', conversationId)
    .where('team_id', '=', teamId)
    .where('status', '=', 'open')
    .where('assignee_id', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Takes every unresolved conversation away from `userId`; returns what was released. */
export async function releaseConversations(
  db: Kysely<Database>,
  organisationId: number,
  userId: number,
  now: number,
): Promise<{ id: number; team_id: number | null }[]> {
  return db
    .updateTable('conversations')
    .set({ assignee_id: null, updated_at: now })
    .where('organisation_id', '=', organisationId)
    .where('assignee_id', '=', userId)
    .where('status', '!=', 'resolved')
    .returning(['id', 'team_id'])
    .execute();
}

export async function listAgents(db: Kysely<Database>, organisationId: number) {
  return db
    .selectFrom('users as u')
    .leftJoin('agent_availability as a', 'a.user_id', 'u.id')
    .select([
      'u.id',
      'u.name',
      'u.role',
      'a.status',
      'a.capacity',
      'a.status_changed_at',
      sql<number>`(select count(*) from conversations c where c.assignee_id = u.id and c.status = 'open')`.as(
        'open_count',
      ),
      sql<number | null>`(select max(s.last_seen_at) from sessions s where s.user_id = u.id)`.as(
        'last_seen',
      ),
    ])
    .where('u.organisation_id', '=', organisationId)
    .where('u.disabled_at', 'is', null)
    .orderBy('u.name')
    .orderBy('u.id')
    .execute();
}

export async function findUserInOrganisation(
  db: Kysely<Database>,
  organisationId: number,
  userId: number,
) {
  return db
    .selectFrom('users')
    .select(['id', 'name', 'role', 'disabled_at'])
    .where('organisation_id', '=', organisationId)
    .where('id', '=', userId)
    .executeTakeFirst();
}
