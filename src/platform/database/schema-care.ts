import type { Generated } from 'kysely';
import type { Priority } from './schema-core.js';

/** Tables of the inbox, SLA, reports and routing. */
export interface LabelTable {
  id: Generated<number>;
  organisation_id: number;
  name: string;
  /** Lower-cased name: labels are unique per organisation regardless of case. */
  name_key: string;
  colour: string;
  created_at: number;
}

export interface ConversationLabelTable {
  conversation_id: number;
  label_id: number;
  organisation_id: number;
  created_at: number;
}

export interface CannedReplyTable {
  id: Generated<number>;
  organisation_id: number;
  shortcut: string;
  title: string;
  body: string;
  created_by_user_id: number | null;
  created_at: number;
  updated_at: number;
}

/** queued: waiting for a channel connection; sent/failed once an adapter has tried. */
/** queued -> sending -> sent -> delivered, or failed (with the channel's reason). */
export type OutboxStatus = 'queued' | 'sending' | 'sent' | 'delivered' | 'failed';

export interface OutboxTable {
  id: Generated<number>;
  organisation_id: number;
  conversation_id: number;
  message_id: number;
  channel: string;
  channel_account_id: number;
  recipient_handle: string | null;
  status: OutboxStatus;
  attempts: number;
  last_error: string | null;
  created_at: number;
  updated_at: number;
  /** Stable per reply, set when it is queued: a retried send reuses it (migration 012). */
  idempotency_key: string | null;
  /** The sent message's id on its channel (e-mail: the Message-ID without angle brackets). */
  external_id: string | null;
  sent_at: number | null;
  delivered_at: number | null;
}

/** Business hours of a team; weekly and exceptions are JSON (see modules/calendars). */
export interface TeamCalendarTable {
  team_id: number;
  organisation_id: number;
  timezone: string;
  weekly: string;
  exceptions: string;
  updated_at: number;
}

export interface SlaPolicyTable {
  id: Generated<number>;
  organisation_id: number;
  name: string;
  position: number;
  /** JSON: channel_account_ids, team_ids, priorities, tiers (each optional, any-of). */
  conditions: string;
  first_response_ms: number | null;
  next_response_ms: number | null;
  resolution_ms: number | null;
  business_hours: number;
  warning_percent: number;
  /** JSON: notify_user_ids, raise_priority_to, reassign_team_id. */
  escalation: string;
  created_at: number;
  updated_at: number;
}

/** The current SLA state of a conversation, so the inbox can sort and filter by due time. */
export interface ConversationSlaTable {
  conversation_id: number;
  organisation_id: number;
  policy_id: number | null;
  first_response_due_at: number | null;
  first_response_warned: number;
  first_response_breached_at: number | null;
  next_response_started_at: number | null;
  next_response_due_at: number | null;
  next_response_warned: number;
  next_response_breached_at: number | null;
  resolution_due_at: number | null;
  resolution_warned: number;
  resolution_breached_at: number | null;
  /** Earliest due time of a running clock; null when nothing is due (or the clock is paused). */
  next_due_at: number | null;
  paused: number;
  /** When the scheduled warning/breach check job runs next. */
  check_at: number | null;
  updated_at: number;
}

export interface NotificationTable {
  id: Generated<number>;
  organisation_id: number;
  recipient_user_id: number;
  type: string;
  conversation_id: number | null;
  data: string;
  created_at: number;
  read_at: number | null;
}

/** One row per conversation with a customer message: the rollup reports read. */
/** Pre-aggregated report counts per hour or day and group; see modules/reports/report-rollup. */
export interface ReportRollupTable {
  organisation_id: number;
  granularity: 'hour' | 'day';
  dimension: 'organisation' | 'team' | 'channel_account' | 'agent';
  period_start: number;
  /** 0 for the organisation's row and for "no team" / "no agent". */
  group_id: number;
  conversations: number;
  answered: number;
  with_policy: number;
  met: number;
  resolved: number;
  /** Sparse histogram as JSON [bucket, count, bucket, count, ...]. */
  frt_histogram: string;
  resolution_histogram: string;
}

export interface ConversationMetricsTable {
  conversation_id: number;
  organisation_id: number;
  channel_account_id: number;
  team_id: number | null;
  agent_id: number | null;
  status: string;
  first_inbound_at: number;
  first_response_at: number | null;
  frt_ms: number | null;
  resolved_at: number | null;
  resolution_ms: number | null;
  reopen_count: number;
  policy_id: number | null;
  first_response_met: number | null;
  first_response_breached: number;
  next_response_breached: number;
  resolution_breached: number;
  updated_at: number;
}

/** Routing tables (migration 004); the rules' JSON shapes live in modules/routing. */
export interface RoutingRuleTable {
  id: Generated<number>;
  organisation_id: number;
  name: string;
  position: number;
  enabled: number;
  /** JSON: channel_account_ids, keywords, languages, intents, contact_attributes (all optional). */
  conditions: string;
  team_id: number;
  priority: Priority | null;
  label_id: number | null;
  created_at: number;
  updated_at: number;
}

export interface RoutingSettingsTable {
  organisation_id: number;
  default_team_id: number | null;
  updated_at: number;
}

export type TeamMemberRole = 'member' | 'lead';

export interface TeamMemberTable {
  team_id: number;
  user_id: number;
  organisation_id: number;
  role: TeamMemberRole;
  last_assignment_seq: Generated<number>;
  last_assigned_at: number | null;
  created_at: number;
}

export type Availability = 'available' | 'away' | 'offline';

export interface AgentAvailabilityTable {
  user_id: number;
  organisation_id: number;
  status: Availability;
  capacity: number;
  status_changed_at: number;
  presence_check_at: number | null;
  updated_at: number;
}

export interface FollowTheSunRuleTable {
  team_id: number;
  organisation_id: number;
  handoff_team_id: number;
  enabled: number;
  handback_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface ConversationHandoffTable {
  conversation_id: number;
  organisation_id: number;
  owner_team_id: number;
  handoff_team_id: number;
  handed_off_at: number;
  closed_at: number | null;
  outcome: 'returned' | 'kept' | null;
}

/** A conversation flagged as social bypass (migration 013). */
export interface ConversationBypassTable {
  conversation_id: number;
  organisation_id: number;
  contact_id: number;
  /** The social channel the customer went to. */
  channel: string;
  /** The unresolved conversation they had elsewhere, and how old it was at that moment. */
  earlier_conversation_id: number;
  earlier_channel: string;
  earlier_age_ms: number;
  flagged_at: number;
}
