import type { Kysely } from 'kysely';
import type { AppContext } from '../../platform/context.js';
import { withTransaction } from '../../platform/database/connection.js';
import type { Database } from '../../platform/database/schema.js';
import { AppError } from '../../platform/errors.js';
import { isValidTimezone } from '../../platform/time.js';
import { recordAudit } from '../audit/index.js';
import { actorOf, type Principal } from '../auth/index.js';
import { teamErrors } from './teams.errors.js';
import {
  findTeamById,
  findTeamByName,
  insertTeamIfAbsent,
  listTeams,
  type TeamRow,
} from './teams.repository.js';

/** Returns the team with that name, creating it first when it does not exist (race-safe). */
export async function ensureTeam(
  db: Kysely<Database>,
  organisationId: number,
  name: string,
  timezone = 'UTC',
): Promise<TeamRow> {
  const existing = await findTeamByName(db, organisationId, name);
  if (existing) return existing;
  await insertTeamIfAbsent(db, organisationId, name, timezone);
  const created = await findTeamByName(db, organisationId, name);
  if (!created) throw new Error(`team "${name}" could not be created`);
  return created;
}

/**
 * The team a request names by id (a conversation's, a channel account's, a policy's), or a
 * validation error on `field`, the request field that held the unknown id.
 */
export async function requireTeam(
  db: Kysely<Database>,
  organisationId: number,
  teamId: number,
  field = 'body/team_id',
): Promise<TeamRow> {
  const team = await findTeamById(db, organisationId, teamId);
  if (!team) {
    throw new AppError('validation_failed', 'unknown team', [
      { path: field, message: 'no team with this id' },
    ]);
  }
  return team;
}

export async function teamsOf(context: AppContext, principal: Principal): Promise<TeamRow[]> {
  return listTeams(context.database.db, principal.organisationId);
}

export interface TeamInput {
  name: string;
  /** IANA timezone; UTC when not given. */
  timezone?: string | undefined;
}

/** Creates a team and writes it to the audit log, in one transaction. */
export async function createTeam(
  context: AppContext,
  principal: Principal,
  input: TeamInput,
): Promise<TeamRow> {
  const timezone = input.timezone ?? 'UTC';
  if (!isValidTimezone(timezone)) {
    throw new AppError('validation_failed', 'unknown timezone', [
      { path: 'body/timezone', message: 'use an IANA timezone such as Europe/Berlin' },
    ]);
  }
  return withTransaction(context.database, async (trx) => {
    if (await findTeamByName(trx, principal.organisationId, input.name)) {
      throw teamErrors.error('team_name_taken', 'a team with this name already exists');
    }
    const team = await ensureTeam(trx, principal.organisationId, input.name, timezone);
    await recordAudit(trx, {
      organisationId: principal.organisationId,
      actor: actorOf(principal),
      action: 'team.created',
      subjectType: 'team',
      subjectId: team.id,
      changes: { name: team.name, timezone },
    });
    return team;
  });
}
