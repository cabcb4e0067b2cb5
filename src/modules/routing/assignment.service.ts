import type { Kysely } from 'kysely';
import { lockOrganisation } from '../../platform/database/organisation-lock.js';
import type { Database } from '../../platform/database/schema.js';
import type { DomainEvent } from '../../platform/events.js';
import { enqueueConversationChanged, recordConversationEvents } from '../conversations/index.js';
import {
  assignIfWaiting,
  findAssignmentCandidates,
  maxTeamTurn,
  writeTurn,
} from './agent.repository.js';
import { queueQuery, teamsWithQueue } from './team-queue.repository.js';

/**
 * Serialises everything that changes who holds what in one organisation (assignment runs, agents
 * going away, hand-backs) on PostgreSQL. Capacity is a count across rows, which row-level
 * conditions cannot protect under READ COMMITTED: two runs could each see one free slot for the
 * same agent and both use it. SQLite already has a single writer.
 */
export async function lockAssignment(trx: Kysely<Database>, organisationId: number): Promise<void> {
  await lockOrganisation(trx, 'assignment', organisationId);
}

export interface Assignment {
  conversationId: number;
  userId: number;
  teamId: number;
}

interface Candidate {
  userId: number;
  turn: number;
  capacity: number;
  openCount: number;
}

/**
 * Round-robin over the team's available members who have room: each conversation, most urgent
 * first, goes to the member whose turn is oldest (the one who least recently got work from this
 * team; never-served members first, then by user id). The caller holds the assignment lock.
 */
export async function assignTeamQueue(
  trx: Kysely<Database>,
  organisationId: number,
  teamId: number,
  now: number,
  offlineAfterMilliseconds: number,
): Promise<Assignment[]> {
  const candidates: Candidate[] = (await findAssignmentCandidates(trx, teamId))
    .filter((candidate) => candidate.lastActivity >= now - offlineAfterMilliseconds)
    .filter((candidate) => candidate.openCount < candidate.capacity);
  if (candidates.length === 0) return [];
  const room = candidates.reduce((sum, c) => sum + (c.capacity - c.openCount), 0);
  const waiting = await queueQuery(trx, organisationId, teamId).limit(room).execute();
  let turn = await maxTeamTurn(trx, teamId);
  const assignments: Assignment[] = [];
  const served = new Map<number, number>();
  for (const conversation of waiting) {
    const next = candidates
      .filter((candidate) => candidate.openCount < candidate.capacity)
      .sort((a, b) => a.turn - b.turn || a.userId - b.userId)[0];
    if (!next) break;
    if (!(await assignIfWaiting(trx, organisationId, conversation.id, teamId, next.userId, now))) {
      continue;
    }
    turn += 1;
    next.turn = turn;
    next.openCount += 1;
    served.set(next.userId, turn);
    assignments.push({ conversationId: conversation.id, userId: next.userId, teamId });
  }
  for (const [userId, userTurn] of served) await writeTurn(trx, teamId, userId, userTurn, now);
  await recordConversationEvents(
    trx,
    assignments.map((assignment) => ({
      organisationId,
      conversationId: assignment.conversationId,
      type: 'assigned',
      actor: { type: 'system' as const, id: null },
      data: { from: null, to: assignment.userId, reason: 'auto_assignment', team_id: teamId },
      occurredAt: now,
    })),
  );
  // The SLA policy may depend on who holds it, and the report rollup names the agent.
  if (assignments.length > 0) {
    await enqueueConversationChanged(
      trx,
      organisationId,
      assignments.map((assignment) => assignment.conversationId),
    );
  }
  return assignments;
}

/** One assignment run: a team, or every team with waiting conversations. */
export async function runAssignment(
  trx: Kysely<Database>,
  organisationId: number,
  teamId: number | null,
  now: number,
  offlineAfterMilliseconds: number,
): Promise<Assignment[]> {
  await lockAssignment(trx, organisationId);
  const teams = teamId === null ? await teamsWithQueue(trx, organisationId) : [teamId];
  const assignments: Assignment[] = [];
  for (const team of teams) {
    assignments.push(
      ...(await assignTeamQueue(trx, organisationId, team, now, offlineAfterMilliseconds)),
    );
  }
  return assignments;
}

export function assignmentEvents(organisationId: number, assignments: Assignment[]): DomainEvent[] {
  return assignments.map((assignment) => ({
    type: 'conversation.updated',
    organisationId,
    conversationId: assignment.conversationId,
    changes: ['assignee_id'],
  }));
}
