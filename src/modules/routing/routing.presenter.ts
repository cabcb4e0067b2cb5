import { iso } from '../../platform/time.js';
import type { RulePreview } from './routing-preview.service.js';
import type { StoredRule } from './routing-rule.repository.js';
import type { QueueRow } from './team-queue.repository.js';
import type { getAgents, getMembers } from './team-routing.service.js';

export function presentRule(rule: StoredRule) {
  return {
    id: rule.id,
    name: rule.name,
    position: rule.position,
    enabled: rule.enabled,
    conditions: rule.conditions,
    team_id: rule.action.teamId,
    priority: rule.action.priority,
    label_id: rule.action.labelId,
    created_at: iso(rule.createdAt),
    updated_at: iso(rule.updatedAt),
  };
}

export function presentQueueItem(row: QueueRow) {
  return {
    id: row.id,
    status: row.status,
    priority: row.priority,
    channel_account_id: row.channel_account_id,
    contact_id: row.contact_id,
    message_count: row.message_count,
    first_message_at: iso(row.first_message_at),
    last_message_at: iso(row.last_message_at),
    last_inbound_at: iso(row.last_inbound_at),
    sla_due_at: iso(row.next_due_at === null ? null : Number(row.next_due_at)),
  };
}

export function presentMember(row: Awaited<ReturnType<typeof getMembers>>[number]) {
  return {
    user_id: row.user_id,
    name: row.name,
    email: row.email,
    role: row.role,
    availability: row.status ?? ('offline' as const),
    capacity: row.capacity,
    last_assigned_at: iso(row.last_assigned_at),
  };
}

export function presentAgent(row: Awaited<ReturnType<typeof getAgents>>[number]) {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    availability: row.status,
    effective_availability: row.effective,
    capacity: row.capacity,
    open_conversations: row.openCount,
    last_activity_at: row.lastActivity > 0 ? iso(row.lastActivity) : null,
  };
}

export function presentFollowTheSun(row: {
  team_id: number;
  handoff_team_id: number;
  enabled: number;
  handback_at: number | null;
}) {
  return {
    team_id: row.team_id,
    handoff_team_id: row.handoff_team_id,
    enabled: row.enabled === 1,
    handback_at: iso(row.handback_at),
  };
}

/** An availability change: the new status and how many conversations went back to the queue. */
export function presentAvailabilityChange(change: {
  status: string;
  released: readonly unknown[];
}) {
  return { availability: change.status, released_conversations: change.released.length };
}

/** The start of a customer message for a preview list: whole code points, an ellipsis if cut. */
export function excerptOf(text: string, length = 160): string {
  const characters = [...text.replace(/\s+/g, ' ').trim()];
  return characters.length <= length
    ? characters.join('')
    : `${characters.slice(0, length).join('')}…`;
}

export function presentRulePreview(preview: RulePreview) {
  return {
    considered: preview.considered,
    matched: preview.matched,
    would_move: preview.wouldMove,
    examples: preview.examples.map(({ conversation, teamAfter }) => ({
      conversation_id: conversation.id,
      created_at: iso(conversation.createdAt),
      excerpt: excerptOf(conversation.founder?.text ?? ''),
      team_id: conversation.teamId,
      team_after: teamAfter,
    })),
  };
}
