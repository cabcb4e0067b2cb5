import type { Kysely } from 'kysely';
import type { DialectName } from '../../platform/database/connection.js';
import type { Database } from '../../platform/database/schema.js';
import type { DomainEvent } from '../../platform/events.js';
import { enqueueJob } from '../../platform/jobs/job-queue.js';
import { enqueueConversationChanged, recordConversationEvents } from '../conversations/index.js';
import { lockAssignment } from './assignment.service.js';
import {
  claimHandBack,
  clearHandBack,
  closeHandoffs,
  findHandoffTeams,
  findOpenHandoffs,
  insertHandoffs,
} from './follow-the-sun.repository.js';
import { enqueueAssignment, handBackJobKind } from './routing.jobs.js';
import { moveUnassignedConversations } from './routing.repository.js';
import { defaultTeamHoursSource, loadTeamHours, type TeamHoursSource } from './team-hours.js';

export interface Handoff {
  conversationId: number;
  ownerTeamId: number;
  handoffTeamId: number;
}

/**
 * Decides, for conversations just routed to their owning team, which go to the on-shift team:
 * those whose owner team has an enabled follow-the-sun rule, is closed at `now`, and whose
 * on-shift team is open (when both are closed nobody is on shift, and the owner team sees the
 * conversation first when it opens). Records the hand-offs and schedules one hand-back job per
 * owner team at its next opening. The caller moves the conversations.
 */
export async function planHandoffs(
  trx: Kysely<Database>,
  organisationId: number,
  routed: { conversationId: number; teamId: number }[],
  now: number,
  source: TeamHoursSource = defaultTeamHoursSource,
): Promise<Handoff[]> {
  const owners = [...new Set(routed.map((entry) => entry.teamId))];
  const rules = await findHandoffTeams(trx, organisationId, owners);
  if (rules.size === 0) return [];
  const hoursOf = await loadTeamHours(
    trx,
    organisationId,
    [...new Set([...rules.keys(), ...rules.values()])],
    source,
  );
  const handoffs: Handoff[] = [];
  const reopening = new Map<number, number>();
  for (const entry of routed) {
    const handoffTeamId = rules.get(entry.teamId);
    if (handoffTeamId === undefined || handoffTeamId === entry.teamId) continue;
    const owner = hoursOf(entry.teamId);
    if (owner.isOpen(now) || !hoursOf(handoffTeamId).isOpen(now)) continue;
    handoffs.push({
      conversationId: entry.conversationId,
      ownerTeamId: entry.teamId,
      handoffTeamId,
    });
    const opening = owner.nextOpening(now);
    if (opening !== null) reopening.set(entry.teamId, opening);
  }
  await insertHandoffs(
    trx,
    handoffs.map((handoff) => ({
      conversation_id: handoff.conversationId,
      organisation_id: organisationId,
      owner_team_id: handoff.ownerTeamId,
      handoff_team_id: handoff.handoffTeamId,
      handed_off_at: now,
    })),
  );
  for (const [teamId, opening] of reopening)
    await scheduleHandBack(trx, organisationId, teamId, opening);
  return handoffs;
}

async function scheduleHandBack(
  trx: Kysely<Database>,
  organisationId: number,
  teamId: number,
  at: number,
): Promise<void> {
  if (await claimHandBack(trx, teamId, at)) {
    await enqueueJob(trx, handBackJobKind, { organisationId, teamId }, { runAt: at });
  }
}

export interface HandBackResult {
  returned: number[];
  kept: number[];
  /** Set when the team turned out to be still closed and the hand-back was moved. */
  rescheduledAt: number | null;
}

/**
 * When the owner team opens, conversations it handed off come back to it, unless the on-shift
 * team has started on them: assigned to someone, answered, resolved, or moved elsewhere by hand.
 * Those stay where they are (the customer keeps talking to the person who answered) and the
 * hand-off is closed as 'kept'. This is the common help-desk practice (Zendesk and Zammad
 * follow-the-sun setups re-route only untouched tickets at shift change).
 */
export async function handBack(
  trx: Kysely<Database>,
  dialect: DialectName,
  organisationId: number,
  teamId: number,
  now: number,
  source: TeamHoursSource = defaultTeamHoursSource,
): Promise<{ result: HandBackResult; events: DomainEvent[] }> {
  await lockAssignment(trx, organisationId);
  const hours = (await loadTeamHours(trx, organisationId, [teamId], source))(teamId);
  if (!hours.isOpen(now)) {
    // The calendar changed since the job was scheduled: try again at the new opening.
    const opening = hours.nextOpening(now);
    if (opening !== null) await scheduleHandBack(trx, organisationId, teamId, opening);
    return { result: { returned: [], kept: [], rescheduledAt: opening }, events: [] };
  }
  const handoffs = await findOpenHandoffs(trx, organisationId, teamId);
  const candidates = new Map<number, number[]>();
  for (const handoff of handoffs) {
    const untouched =
      handoff.existing_id !== null &&
      handoff.team_id === handoff.handoff_team_id &&
      handoff.assignee_id === null &&
      handoff.status !== 'resolved' &&
      !handoff.answered;
    if (!untouched) continue;
    const list = candidates.get(handoff.handoff_team_id) ?? [];
    list.push(handoff.conversation_id);
    candidates.set(handoff.handoff_team_id, list);
  }
  const returned: number[] = [];
  const movedFrom = new Map<number, number>();
  for (const [fromTeamId, ids] of candidates) {
    for (const id of await moveUnassignedConversations(
      trx,
      organisationId,
      ids,
      fromTeamId,
      teamId,
      now,
    )) {
      returned.push(id);
      movedFrom.set(id, fromTeamId);
    }
  }
  const returnedSet = new Set(returned);
  const kept = handoffs
    .map((handoff) => handoff.conversation_id)
    .filter((id) => !returnedSet.has(id));
  await closeHandoffs(trx, returned, 'returned', now);
  await closeHandoffs(trx, kept, 'kept', now);
  await recordConversationEvents(
    trx,
    returned.map((conversationId) => ({
      organisationId,
      conversationId,
      type: 'team_changed',
      actor: { type: 'system' as const, id: null },
      data: { from: movedFrom.get(conversationId), to: teamId, reason: 'follow_the_sun_return' },
      occurredAt: now,
    })),
  );
  if (returned.length > 0) {
    // The returned conversations run on the owner team's calendar (and maybe another policy).
    await enqueueConversationChanged(trx, organisationId, returned);
    await enqueueAssignment(trx, dialect, { organisationId, teamId }, now);
  }
  await clearHandBack(trx, teamId, now);
  const events: DomainEvent[] = returned.map((conversationId) => ({
    type: 'conversation.updated',
    organisationId,
    conversationId,
    changes: ['team_id'],
  }));
  return { result: { returned, kept, rescheduledAt: null }, events };
}
