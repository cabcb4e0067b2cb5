import type { Static } from '@sinclair/typebox';
import { iso } from '../../platform/time.js';
import type {
  ConversationSlaSchema,
  NotificationListSchema,
  PolicyBodyValue,
  PolicySchema,
} from './sla.schema.js';
import type { SlaPolicy } from './sla-policy.js';
import type { PolicyDraft } from './sla-policy.repository.js';
import type { PolicyPreview } from './sla-preview.service.js';
import type { NotificationRow, SlaRow } from './sla-state.repository.js';

const milliseconds = (value: number | null | undefined) =>
  value === undefined || value === null ? null : value * 1000;
const toSeconds = (value: number | null) => (value === null ? null : Math.round(value / 1000));

/** A policy as the API writes it (targets in seconds) turned into the service's input. */
export function policyDraftOf(body: PolicyBodyValue): PolicyDraft {
  return {
    name: body.name,
    position: body.position,
    conditions: body.conditions,
    firstResponseMs: milliseconds(body.first_response_seconds),
    nextResponseMs: milliseconds(body.next_response_seconds),
    resolutionMs: milliseconds(body.resolution_seconds),
    businessHours: body.business_hours,
    warningPercent: body.warning_percent ?? 75,
    escalation: body.escalation ?? {},
  };
}

export function presentPolicy(policy: SlaPolicy): Static<typeof PolicySchema> {
  return {
    id: policy.id,
    name: policy.name,
    position: policy.position,
    conditions: policy.conditions,
    first_response_seconds: toSeconds(policy.firstResponseMs),
    next_response_seconds: toSeconds(policy.nextResponseMs),
    resolution_seconds: toSeconds(policy.resolutionMs),
    business_hours: policy.businessHours,
    warning_percent: policy.warningPercent,
    escalation: policy.escalation,
  };
}

const clock = (due: number | null, warned: number, breached: number | null) => ({
  due_at: iso(due),
  warned: warned === 1,
  breached_at: iso(breached),
});

/** A conversation's SLA state; a conversation no policy applies to has stopped clocks. */
export function presentConversationSla(
  row: SlaRow | undefined,
): Static<typeof ConversationSlaSchema> {
  if (!row) {
    const none = { due_at: null, warned: false, breached_at: null };
    return {
      policy_id: null,
      next_due_at: null,
      paused: false,
      first_response: none,
      next_response: none,
      resolution: none,
    };
  }
  return {
    policy_id: row.policy_id,
    next_due_at: iso(row.next_due_at),
    paused: row.paused === 1,
    first_response: clock(
      row.first_response_due_at,
      row.first_response_warned,
      row.first_response_breached_at,
    ),
    next_response: clock(
      row.next_response_due_at,
      row.next_response_warned,
      row.next_response_breached_at,
    ),
    resolution: clock(row.resolution_due_at, row.resolution_warned, row.resolution_breached_at),
  };
}

export function presentNotifications(
  rows: readonly NotificationRow[],
): Static<typeof NotificationListSchema> {
  return {
    data: rows.map((row) => ({
      id: row.id,
      type: row.type,
      conversation_id: row.conversation_id,
      data: JSON.parse(row.data),
      created_at: new Date(row.created_at).toISOString(),
      read_at: iso(row.read_at),
    })),
  };
}

export function presentPolicyPreview(preview: PolicyPreview) {
  return {
    considered: preview.considered,
    matched: preview.matched,
    changes_policy: preview.changesPolicy,
    first_response_missed: preview.firstResponseMissed,
    examples: preview.examples.map((conversation) => ({
      conversation_id: conversation.id,
      created_at: iso(conversation.createdAt),
      team_id: conversation.teamId,
      priority: conversation.priority,
      policy_id: conversation.policyId,
    })),
  };
}
