import type { AppContext } from '../../platform/context.js';
import { withTransaction } from '../../platform/database/connection.js';
import type { Availability, TeamMemberRole } from '../../platform/database/schema.js';
import { AppError, notFound } from '../../platform/errors.js';
import { transactWithEvents } from '../../platform/events.js';
import { recordAudit } from '../audit/index.js';
import { actorOf, type Principal } from '../auth/index.js';
import { findTeamById, requireTeam } from '../teams/index.js';
import {
  deleteMember,
  ensureAvailability,
  findUserInOrganisation,
  listAgents,
  listMembers,
  upsertMember,
  writeCapacity,
} from './agent.repository.js';
import { changeAvailability } from './availability.service.js';
import {
  deleteFollowTheSunRule,
  listFollowTheSunRules,
  upsertFollowTheSunRule,
} from './follow-the-sun.repository.js';
import { enqueueAssignment } from './routing.jobs.js';
import { markOwn } from './routing-own-events.js';
import { countQueue, listQueue } from './team-queue.repository.js';

/** The team a path names: an unknown one is a 404, as any other missing resource. */
async function teamOrNotFound(context: AppContext, organisationId: number, teamId: number) {
  if (!(await findTeamById(context.database.db, organisationId, teamId))) throw notFound('team');
}

async function requireUser(context: AppContext, organisationId: number, userId: number) {
  const user = await findUserInOrganisation(context.database.db, organisationId, userId);
  if (!user || user.disabled_at !== null) throw notFound('user');
  return user;
}

export function offlineAfterMilliseconds(context: AppContext): number {
  return context.config.agentOfflineMinutes * 60_000;
}

export async function getTeamQueue(
  context: AppContext,
  principal: Principal,
  teamId: number,
  limit: number,
) {
  await teamOrNotFound(context, principal.organisationId, teamId);
  const { db } = context.database;
  return {
    rows: await listQueue(db, principal.organisationId, teamId, limit),
    total: await countQueue(db, principal.organisationId, teamId),
  };
}

export async function getMembers(context: AppContext, principal: Principal, teamId: number) {
  await teamOrNotFound(context, principal.organisationId, teamId);
  return listMembers(context.database.db, principal.organisationId, teamId);
}

export async function putMember(
  context: AppContext,
  principal: Principal,
  teamId: number,
  userId: number,
  role: TeamMemberRole,
) {
  const organisationId = principal.organisationId;
  await teamOrNotFound(context, organisationId, teamId);
  await requireUser(context, organisationId, userId);
  await withTransaction(context.database, async (trx) => {
    const now = Date.now();
    await upsertMember(trx, organisationId, teamId, userId, role, now);
    await ensureAvailability(trx, organisationId, userId, now);
    // A new member who is already available can take work from this queue at once.
    await enqueueAssignment(trx, context.database.dialect, { organisationId, teamId }, now);
    await recordAudit(trx, {
      organisationId,
      actor: actorOf(principal),
      action: 'team_member.put',
      subjectType: 'team',
      subjectId: teamId,
      changes: { user_id: userId, role },
    });
  });
  return listMembers(context.database.db, organisationId, teamId);
}

export async function removeMember(
  context: AppContext,
  principal: Principal,
  teamId: number,
  userId: number,
) {
  const organisationId = principal.organisationId;
  if (!(await deleteMember(context.database.db, organisationId, teamId, userId))) {
    throw notFound('team member');
  }
  await recordAudit(context.database.db, {
    organisationId,
    actor: actorOf(principal),
    action: 'team_member.removed',
    subjectType: 'team',
    subjectId: teamId,
    changes: { user_id: userId },
  });
}

export async function getAgents(context: AppContext, principal: Principal) {
  const now = Date.now();
  const window = offlineAfterMilliseconds(context);
  const rows = await listAgents(context.database.db, principal.organisationId);
  return rows.map((row) => {
    const status: Availability = row.status ?? 'offline';
    const lastActivity = Math.max(Number(row.last_seen ?? 0), row.status_changed_at ?? 0);
    // Marked available but silent for longer than the window: treated as offline already, even
    // before the inactivity check job has run.
    const effective: Availability =
      status === 'available' && lastActivity < now - window ? 'offline' : status;
    return { ...row, status, effective, openCount: Number(row.open_count), lastActivity };
  });
}

/** Sets an agent's availability (their own, or any agent's for a lead). */
export async function setAvailability(
  context: AppContext,
  principal: Principal,
  userId: number,
  status: Availability,
) {
  const organisationId = principal.organisationId;
  await requireUser(context, organisationId, userId);
  const now = Date.now();
  return transactWithEvents(context.database, context.events, async (trx, emit) => {
    const result = await changeAvailability(trx, context.database.dialect, {
      organisationId,
      userId,
      status,
      reason: principal.userId === userId ? 'agent' : 'lead',
      actor: actorOf(principal),
      offlineAfterMilliseconds: offlineAfterMilliseconds(context),
      now,
    });
    if (result.changed) {
      await recordAudit(trx, {
        organisationId,
        actor: actorOf(principal),
        action: 'agent.availability_changed',
        subjectType: 'user',
        subjectId: userId,
        changes: { status, released: result.released.length },
      });
    }
    emit(markOwn(result.events));
    return result;
  });
}

/** The signed-in user's own availability (an API token without a user has none). */
export async function setOwnAvailability(
  context: AppContext,
  principal: Principal,
  status: Availability,
) {
  if (principal.userId === null) {
    throw new AppError('forbidden', 'only a signed-in user has an availability');
  }
  return setAvailability(context, principal, principal.userId, status);
}

export async function setCapacity(
  context: AppContext,
  principal: Principal,
  userId: number,
  capacity: number,
) {
  const organisationId = principal.organisationId;
  await requireUser(context, organisationId, userId);
  await withTransaction(context.database, async (trx) => {
    const now = Date.now();
    await ensureAvailability(trx, organisationId, userId, now);
    await writeCapacity(trx, userId, capacity);
    // More room may let waiting conversations through at once.
    await enqueueAssignment(trx, context.database.dialect, { organisationId, teamId: null }, now);
    await recordAudit(trx, {
      organisationId,
      actor: actorOf(principal),
      action: 'agent.capacity_changed',
      subjectType: 'user',
      subjectId: userId,
      changes: { capacity },
    });
  });
}

export async function getFollowTheSunRules(context: AppContext, principal: Principal) {
  return listFollowTheSunRules(context.database.db, principal.organisationId);
}

export async function putFollowTheSunRule(
  context: AppContext,
  principal: Principal,
  teamId: number,
  input: { handoff_team_id: number; enabled?: boolean },
) {
  const organisationId = principal.organisationId;
  await teamOrNotFound(context, organisationId, teamId);
  if (input.handoff_team_id === teamId) {
    throw new AppError('validation_failed', 'a team cannot hand off to itself', [
      { path: 'body/handoff_team_id', message: 'choose another team' },
    ]);
  }
  await requireTeam(
    context.database.db,
    organisationId,
    input.handoff_team_id,
    'body/handoff_team_id',
  );
  const { db } = context.database;
  await upsertFollowTheSunRule(
    db,
    organisationId,
    teamId,
    input.handoff_team_id,
    input.enabled ?? true,
    Date.now(),
  );
  await recordAudit(db, {
    organisationId,
    actor: actorOf(principal),
    action: 'follow_the_sun.put',
    subjectType: 'team',
    subjectId: teamId,
    changes: { ...input },
  });
  const rules = await listFollowTheSunRules(db, organisationId);
  return rules.find((rule) => rule.team_id === teamId);
}

export async function removeFollowTheSunRule(
  context: AppContext,
  principal: Principal,
  teamId: number,
) {
  const organisationId = principal.organisationId;
  if (!(await deleteFollowTheSunRule(context.database.db, organisationId, teamId))) {
    throw notFound('follow-the-sun rule');
  }
  await recordAudit(context.database.db, {
    organisationId,
    actor: actorOf(principal),
    action: 'follow_the_sun.removed',
    subjectType: 'team',
    subjectId: teamId,
    changes: {},
  });
}
