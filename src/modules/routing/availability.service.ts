import type { Kysely } from 'kysely';
import type { DialectName } from '../../platform/database/connection.js';
import type { Availability, Database } from '../../platform/database/schema.js';
import type { DomainEvent } from '../../platform/events.js';
import { enqueueJob } from '../../platform/jobs/job-queue.js';
import { enqueueConversationChanged, recordConversationEvents } from '../conversations/index.js';
import {
  claimPresenceCheck,
  clearPresenceCheck,
  ensureAvailability,
  findAvailability,
  lastSessionActivity,
  releaseConversations,
  teamsOfUser,
  writeStatus,
} from './agent.repository.js';
import { lockAssignment } from './assignment.service.js';
import { enqueueAssignment, presenceCheckJobKind } from './routing.jobs.js';

export type AvailabilityReason = 'agent' | 'lead' | 'inactivity';

export interface AvailabilityChange {
  status: Availability;
  changed: boolean;
  released: number[];
  events: DomainEvent[];
}

/**
 * Sets an agent's availability in the caller's transaction. Going away or offline hands every
 * unresolved conversation the agent holds back to its team queue (with an 'assigned' history
 * event to nobody) and queues assignment so others pick them up; becoming available queues
 * assignment for the agent's teams and starts the inactivity watch.
 */
export async function changeAvailability(
  trx: Kysely<Database>,
  dialect: DialectName,
  input: {
    organisationId: number;
    userId: number;
    status: Availability;
    reason: AvailabilityReason;
    actor: { type: 'user' | 'token' | 'system'; id: number | null };
    offlineAfterMilliseconds: number;
    now: number;
  },
): Promise<AvailabilityChange> {
  const { organisationId, userId, status, now } = input;
  await lockAssignment(trx, organisationId);
  const before = await ensureAvailability(trx, organisationId, userId, now);
  const changed = before.status !== status;
  if (changed) await writeStatus(trx, userId, status, now);
  const events: DomainEvent[] = [];
  let released: { id: number; team_id: number | null }[] = [];
  if (status !== 'available') {
    // Also when unchanged: a conversation assigned by hand to an away agent goes back too.
    released = await releaseConversations(trx, organisationId, userId, now);
    await recordConversationEvents(
      trx,
      released.map((conversation) => ({
        organisationId,
        conversationId: conversation.id,
        type: 'assigned',
        actor: input.actor,
        data: { from: userId, to: null, reason: `agent_${status}`, team_id: conversation.team_id },
        occurredAt: now,
      })),
    );
    if (released.length > 0) {
      await enqueueConversationChanged(
        trx,
        organisationId,
        released.map((conversation) => conversation.id),
      );
    }
    const teams = new Set(released.flatMap((row) => (row.team_id === null ? [] : [row.team_id])));
    for (const teamId of teams) {
      await enqueueAssignment(trx, dialect, { organisationId, teamId }, now);
    }
    await clearPresenceCheck(trx, userId);
    for (const conversation of released) {
      events.push({
        type: 'conversation.updated',
        organisationId,
        conversationId: conversation.id,
        changes: ['assignee_id'],
      });
    }
  } else {
    for (const teamId of await teamsOfUser(trx, userId)) {
      await enqueueAssignment(trx, dialect, { organisationId, teamId }, now);
    }
    await schedulePresenceCheck(
      trx,
      organisationId,
      userId,
      now + input.offlineAfterMilliseconds,
      now,
    );
  }
  if (changed) {
    events.push({
      type: 'agent.availability_changed',
      organisationId,
      userId,
      availability: status,
    });
  }
  return { status, changed, released: released.map((row) => row.id), events };
}

async function schedulePresenceCheck(
  trx: Kysely<Database>,
  organisationId: number,
  userId: number,
  at: number,
  now: number,
): Promise<void> {
  if (await claimPresenceCheck(trx, userId, at, now)) {
    await enqueueJob(trx, presenceCheckJobKind, { organisationId, userId }, { runAt: at });
  }
}

/**
 * The inactivity watch of one available agent. An agent whose last request (or availability
 * change) is older than the offline window goes offline and loses their open work to the queue;
 * an active agent is checked again when the window would run out, and their teams get an
 * assignment run, which also picks up any trigger lost after a crash.
 */
export async function checkPresence(
  trx: Kysely<Database>,
  dialect: DialectName,
  organisationId: number,
  userId: number,
  now: number,
  offlineAfterMilliseconds: number,
): Promise<DomainEvent[]> {
  const agent = await findAvailability(trx, userId);
  if (agent?.status !== 'available') {
    if (agent) await clearPresenceCheck(trx, userId);
    return [];
  }
  const lastActivity = Math.max(
    (await lastSessionActivity(trx, userId)) ?? 0,
    agent.status_changed_at,
  );
  if (lastActivity < now - offlineAfterMilliseconds) {
    const change = await changeAvailability(trx, dialect, {
      organisationId,
      userId,
      status: 'offline',
      reason: 'inactivity',
      actor: { type: 'system', id: null },
      offlineAfterMilliseconds,
      now,
    });
    return change.events;
  }
  await clearPresenceCheck(trx, userId);
  await schedulePresenceCheck(
    trx,
    organisationId,
    userId,
    lastActivity + offlineAfterMilliseconds + 1000,
    now,
  );
  for (const teamId of await teamsOfUser(trx, userId)) {
    await enqueueAssignment(trx, dialect, { organisationId, teamId }, now);
  }
  return [];
}
