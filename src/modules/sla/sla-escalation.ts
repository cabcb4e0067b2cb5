import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.js';
import type { DomainEvent } from '../../platform/events.js';
import { type ConversationEventInput, recordConversationEvents } from '../conversations/index.js';
import type { Metric } from './sla-clock.js';
import { priorityRank, type SlaPolicy } from './sla-policy.js';
import {
  type ConversationInput,
  type EscalationChanges,
  insertNotifications,
  updateEscalatedConversation,
} from './sla-state.repository.js';

const system = { type: 'system' as const, id: null };

/**
 * Runs a policy's escalation actions for a breached, still running clock: notifications for the
 * listed people, a higher priority, a hand-off to another team. Each change is written to the
 * conversation's history like a person's change would be. Returns whether the conversation
 * changed (its SLA must then be evaluated again: another policy may now apply).
 */
export async function escalate(
  trx: Kysely<Database>,
  organisationId: number,
  conversation: ConversationInput,
  policy: SlaPolicy,
  metric: Metric,
  dueAt: number,
  now: number,
  events: DomainEvent[],
): Promise<boolean> {
  const { escalation } = policy;
  await insertNotifications(
    trx,
    (escalation.notify_user_ids ?? []).map((recipientUserId) => ({
      organisationId,
      recipientUserId,
      type: 'sla.breached',
      conversationId: conversation.id,
      data: { metric, due_at: dueAt, policy_id: policy.id, policy: policy.name },
      createdAt: now,
    })),
  );
  const changes: EscalationChanges = {};
  const history: ConversationEventInput[] = [];
  const entry = (type: string, data: Record<string, unknown>): ConversationEventInput => ({
    organisationId,
    conversationId: conversation.id,
    type,
    actor: system,
    data: { ...data, reason: `sla_breached:${metric}` },
    occurredAt: now,
  });
  const target = escalation.raise_priority_to;
  if (target && priorityRank[target] > priorityRank[conversation.priority]) {
    changes.priority = target;
    history.push(entry('priority_changed', { from: conversation.priority, to: target }));
  }
  const team = escalation.reassign_team_id;
  if (team !== undefined && team !== conversation.teamId) {
    changes.team_id = team;
    history.push(entry('team_changed', { from: conversation.teamId, to: team }));
    if (conversation.assigneeId !== null) {
      changes.assignee_id = null;
      history.push(entry('assigned', { from: conversation.assigneeId, to: null }));
    }
  }
  if (history.length === 0) return false;
  await updateEscalatedConversation(trx, organisationId, conversation.id, changes, now);
  await recordConversationEvents(trx, history);
  events.push({
    type: 'conversation.updated',
    organisationId,
    conversationId: conversation.id,
    changes: Object.keys(changes),
  });
  return true;
}

/** Tells the assignee that a clock is close to its target. */
export async function notifyWarning(
  trx: Kysely<Database>,
  organisationId: number,
  conversation: ConversationInput,
  metric: Metric,
  dueAt: number,
  now: number,
): Promise<void> {
  if (conversation.assigneeId === null) return;
  await insertNotifications(trx, [
    {
      organisationId,
      recipientUserId: conversation.assigneeId,
      type: 'sla.warning',
      conversationId: conversation.id,
      data: { metric, due_at: dueAt },
      createdAt: now,
    },
  ]);
}
