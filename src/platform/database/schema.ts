import type { Generated } from 'kysely';

/**
 * Table types for Kysely. Instants are UTC epoch milliseconds; JSON is stored as text so the
 * same column works on SQLite and PostgreSQL.
 */
export interface Database {
  organisations: OrganisationTable;
  users: UserTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  teams: TeamTable;
  channel_accounts: ChannelAccountTable;
  contacts: ContactTable;
  contact_identities: ContactIdentityTable;
  conversations: ConversationTable;
  messages: MessageTable;
  inbound_events: InboundEventTable;
  jobs: JobTable;
  audit_log: AuditLogTable;
  conversation_events: ConversationEventTable;
  classification_corrections: ClassificationCorrectionTable;
  classifier_models: ClassifierModelTable;
  instance_state: InstanceStateTable;
  team_calendars: TeamCalendarTable;
  sla_policies: SlaPolicyTable;
  conversation_sla: ConversationSlaTable;
  notifications: NotificationTable;
  conversation_metrics: ConversationMetricsTable;
  report_rollup: ReportRollupTable;
  labels: LabelTable;
  conversation_labels: ConversationLabelTable;
  canned_replies: CannedReplyTable;
  outbox: OutboxTable;
  routing_rules: RoutingRuleTable;
  routing_settings: RoutingSettingsTable;
  team_members: TeamMemberTable;
  agent_availability: AgentAvailabilityTable;
  follow_the_sun_rules: FollowTheSunRuleTable;
  conversation_handoffs: ConversationHandoffTable;
  themes: ThemeTable;
  theme_messages: ThemeMessageTable;
  theme_rules: ThemeRuleTable;
  listening_state: ListeningStateTable;
  message_fingerprints: MessageFingerprintTable;
  duplicate_clusters: DuplicateClusterTable;
  listening_volume_hourly: ListeningVolumeHourlyTable;
  alerts: AlertTable;
  webhooks: WebhookTable;
  webhook_deliveries: WebhookDeliveryTable;
  email_outbox: EmailOutboxTable;
}

export interface OrganisationTable {
  id: Generated<number>;
  name: string;
  settings: string;
  created_at: number;
}

export type Role = 'admin' | 'lead' | 'agent' | 'analyst';

export interface UserTable {
  id: Generated<number>;
  organisation_id: number;
  email: string;
  name: string;
  role: Role;
  password_hash: string;
  failed_logins: number;
  locked_until: number | null;
  disabled_at: number | null;
  last_login_at: number | null;
  /** 1 for automation accounts: their replies do not stop SLA clocks (migration 003). */
  is_bot: Generated<number>;
  created_at: number;
  updated_at: number;
}

export interface SessionTable {
  id: string;
  user_id: number;
  csrf_token: string;
  created_at: number;
  expires_at: number;
  last_seen_at: number;
}

export interface ApiTokenTable {
  id: Generated<number>;
  organisation_id: number;
  name: string;
  token_hash: string;
  token_prefix: string;
  scopes: string;
  created_by_user_id: number | null;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

export interface TeamTable {
  id: Generated<number>;
  organisation_id: number;
  name: string;
  timezone: string;
  created_at: number;
}

export interface ChannelAccountTable {
  id: Generated<number>;
  organisation_id: number;
  channel: string;
  handle: string;
  handle_key: string;
  name: string;
  team_id: number | null;
  created_at: number;
}

export interface ContactTable {
  id: Generated<number>;
  organisation_id: number;
  name: string | null;
  merged_into_id: number | null;
  /** Customer tier (e.g. vip) that SLA policies can match on (migration 003). */
  tier: string | null;
  created_at: number;
  updated_at: number;
}

export interface ContactIdentityTable {
  id: Generated<number>;
  organisation_id: number;
  contact_id: number;
  channel: string;
  handle: string;
  handle_key: string;
  display_name: string | null;
  created_at: number;
}

export type ConversationStatus = 'open' | 'pending' | 'snoozed' | 'resolved';
export type Priority = 'low' | 'normal' | 'high' | 'urgent';

export interface ConversationTable {
  id: Generated<number>;
  organisation_id: number;
  channel_account_id: number;
  contact_id: number | null;
  team_id: number | null;
  assignee_id: number | null;
  status: ConversationStatus;
  priority: Priority;
  message_count: number;
  first_message_at: number;
  last_message_at: number;
  last_inbound_at: number | null;
  snoozed_until: number | null;
  created_at: number;
  updated_at: number;
  /** Why the priority was raised automatically (anger, churn risk), shown to the agent. */
  priority_reason: string | null;
}

export type Direction = 'inbound' | 'outbound';

export interface MessageTable {
  id: Generated<number>;
  organisation_id: number;
  conversation_id: number;
  channel: string;
  external_id: string | null;
  in_reply_to_external_id: string | null;
  direction: Direction;
  author_contact_id: number | null;
  author_user_id: number | null;
  author_handle: string | null;
  author_name: string | null;
  text: string;
  is_private_note: number;
  created_at: number;
  received_at: number;
  inbound_event_id: number | null;
  raw: string | null;
  /** Classification of the message (see the classification module); null until classified. */
  sentiment: string | null;
  sentiment_score: number | null;
  anger_score: number | null;
  complaint_score: number | null;
  intent: string | null;
  intent_score: number | null;
  language: string | null;
  /** The phrase that shows a customer is about to leave, when one was found. */
  churn_risk: string | null;
  classifier_version: string | null;
}

export interface InboundEventTable {
  id: Generated<number>;
  organisation_id: number;
  channel: string;
  external_id: string;
  payload: string;
  source: string;
  received_at: number;
  processed_at: number | null;
}

export type JobStatus = 'ready' | 'running' | 'dead';

export interface JobTable {
  id: Generated<number>;
  kind: string;
  payload: string;
  status: JobStatus;
  attempts: number;
  max_attempts: number;
  run_at: number;
  locked_until: number | null;
  locked_by: string | null;
  last_error: string | null;
  created_at: number;
  updated_at: number;
}

export interface AuditLogTable {
  id: Generated<number>;
  organisation_id: number;
  actor_type: 'user' | 'token' | 'system';
  actor_id: number | null;
  action: string;
  subject_type: string;
  subject_id: number | null;
  changes: string;
  created_at: number;
}

export interface InstanceStateTable {
  key: string;
  value: string;
}

export interface ConversationEventTable {
  id: Generated<number>;
  organisation_id: number;
  conversation_id: number;
  /** e.g. status_changed, assigned, team_changed, priority_changed, reopened, sla_warning. */
  type: string;
  actor_type: 'user' | 'token' | 'system';
  actor_id: number | null;
  data: string;
  occurred_at: number;
}

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
export type OutboxStatus = 'queued' | 'sent' | 'failed';

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

/** Listening tables (migration 006); JSON shapes live in modules/themes and modules/alerts. */
export type ThemeStatus = 'active' | 'dormant' | 'merged' | 'retired';

export interface ThemeTable {
  id: Generated<number>;
  organisation_id: number;
  label: string;
  /** Set by an analyst's rename; wins over the generated label and survives re-clustering. */
  pinned_label: string | null;
  status: ThemeStatus;
  merged_into_id: number | null;
  /** 1 once an analyst has edited the theme: re-clustering keeps its id and centroids. */
  pinned: number;
  message_count: number;
  sentiment_sum: number;
  sentiment_count: number;
  /** JSON: [[term, weight], ...], most distinctive first. */
  top_terms: string;
  /** JSON: the theme's centroid sums over hashed features (see modules/themes). */
  centroids: string;
  last_message_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface ThemeMessageTable {
  message_id: number;
  organisation_id: number;
  /** Null while the message fits no theme yet. */
  theme_id: number | null;
  channel_account_id: number;
  similarity: number;
  sentiment: string | null;
  polarity: number | null;
  created_at: number;
}

export interface ThemeRuleTable {
  id: Generated<number>;
  organisation_id: number;
  kind: 'rename' | 'merge' | 'split';
  theme_id: number;
  data: string;
  created_by_user_id: number | null;
  created_at: number;
}

export interface ListeningStateTable {
  organisation_id: number;
  /** Changes on every write, so a process knows when its in-memory themes are stale. */
  state_token: string;
  documents: number;
  /** Base64 of the hashed document-frequency table (IDF statistics). */
  document_frequencies: string;
  updated_at: number;
}

export interface MessageFingerprintTable {
  message_id: number;
  organisation_id: number;
  hash_high: number;
  hash_low: number;
  band0: number;
  band1: number;
  band2: number;
  band3: number;
  author_key: string;
  cluster_id: number | null;
  created_at: number;
}

export interface DuplicateClusterTable {
  id: Generated<number>;
  organisation_id: number;
  theme_id: number | null;
  representative_message_id: number;
  message_count: number;
  author_count: number;
  first_seen_at: number;
  last_seen_at: number;
}

export interface ListeningVolumeHourlyTable {
  organisation_id: number;
  hour_start: number;
  channel_account_id: number;
  /** 0 for messages that fit no theme. */
  theme_id: number;
  /** negative, neutral, positive, or unknown when no classification was stored. */
  sentiment: string;
  message_count: number;
  polarity_sum: number;
  polarity_count: number;
}

export type AlertStatus = 'open' | 'acknowledged' | 'resolved';

export interface AlertTable {
  id: Generated<number>;
  organisation_id: number;
  series_key: string;
  channel_account_id: number | null;
  theme_id: number | null;
  sentiment: string;
  status: AlertStatus;
  severity: string;
  first_hour_start: number;
  last_hour_start: number;
  observed_count: number;
  expected_count: number;
  score: number;
  summary: string;
  example_message_ids: string;
  opened_at: number;
  acknowledged_at: number | null;
  acknowledged_by_user_id: number | null;
  resolved_at: number | null;
  resolved_by_user_id: number | null;
  updated_at: number;
}

export interface WebhookTable {
  id: Generated<number>;
  organisation_id: number;
  url: string;
  secret: string;
  enabled: number;
  created_at: number;
  updated_at: number;
}

export interface WebhookDeliveryTable {
  id: Generated<number>;
  organisation_id: number;
  webhook_id: number;
  alert_id: number;
  event: string;
  status: 'pending' | 'delivered';
  response_status: number | null;
  delivered_at: number | null;
  created_at: number;
}

/** not_configured: no SMTP server is set (HEARKEN_SMTP_URL), so the e-mail stays here. */
export type EmailStatus = 'queued' | 'sent' | 'failed' | 'not_configured';

export interface EmailOutboxTable {
  id: Generated<number>;
  organisation_id: number;
  alert_id: number | null;
  recipient: string;
  subject: string;
  body: string;
  status: EmailStatus;
  attempts: number;
  last_error: string | null;
  sent_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface ClassificationCorrectionTable {
  id: Generated<number>;
  organisation_id: number;
  message_id: number;
  task: string;
  label: string;
  predicted: string | null;
  user_id: number | null;
  created_at: number;
}

export interface ClassifierModelTable {
  id: Generated<number>;
  organisation_id: number;
  task: string;
  version: string;
  content: string;
  active: number;
  created_at: number;
}
