import type { Priority } from '../../platform/database/schema.js';

/**
 * An SLA policy: which conversations it applies to and the targets it sets. Conditions are
 * any-of within a list and all-of across lists; an empty policy applies to every conversation.
 * Policies are tried in position order and the first that matches applies.
 */
export interface SlaConditions {
  channel_account_ids?: number[];
  team_ids?: number[];
  priorities?: Priority[];
  tiers?: string[];
}

export interface SlaEscalation {
  /** Users who get a notification when a target is breached (e.g. the team lead). */
  notify_user_ids?: number[];
  /** Raised to this priority on breach, never lowered. */
  raise_priority_to?: Priority;
  /** Handed to this team (and unassigned) on breach. */
  reassign_team_id?: number;
}

export interface SlaPolicy {
  id: number;
  name: string;
  position: number;
  conditions: SlaConditions;
  firstResponseMs: number | null;
  nextResponseMs: number | null;
  resolutionMs: number | null;
  businessHours: boolean;
  warningPercent: number;
  escalation: SlaEscalation;
}

export interface ConversationFacts {
  channelAccountId: number;
  teamId: number | null;
  priority: Priority;
  tier: string | null;
}

function allows<T>(list: T[] | undefined, value: T | null): boolean {
  return list === undefined || list.length === 0 || (value !== null && list.includes(value));
}

export function matchPolicy(policies: SlaPolicy[], facts: ConversationFacts): SlaPolicy | null {
  const ordered = [...policies].sort((a, b) => a.position - b.position || a.id - b.id);
  for (const policy of ordered) {
    const { conditions } = policy;
    if (
      allows(conditions.channel_account_ids, facts.channelAccountId) &&
      allows(conditions.team_ids, facts.teamId) &&
      allows(conditions.priorities, facts.priority) &&
      allows(conditions.tiers, facts.tier)
    ) {
      return policy;
    }
  }
  return null;
}

export const priorityRank: Record<Priority, number> = { low: 0, normal: 1, high: 2, urgent: 3 };
