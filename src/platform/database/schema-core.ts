import type { Generated } from 'kysely';

/** Tables of the foundation: people, channels, conversations, ingest, jobs, history. */
export interface OrganisationTable {
  id: Generated<number>;
  name: string;
  settings: string;
  created_at: number;
}

/** `member`: an employee who is not an agent; takes part in consultations and the portal, sees no inbox. */
export type Role = 'admin' | 'lead' | 'agent' | 'analyst' | 'member';

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
  /** The contact that represents this employee as a person (migration 016). */
  contact_id: Generated<number | null>;
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
  /** Where the session was opened from, shown to admins (migration 010). */
  user_agent: string | null;
  ip_address: string | null;
}

/** One failure counter of the sign-in throttle (migration 010). */
export interface SignInThrottleTable {
  scope: string;
  subject: string;
  account_key: string | null;
  failures: number;
  blocked_until: number;
  expires_at: number;
}

/** A browser that signed in to an account before; exempt from its account-wide throttle. */
export interface KnownBrowserTable {
  token_hash: string;
  user_id: number;
  created_at: number;
  last_used_at: number;
}

/** A one-time link (migration 014); see the auth module's one-time-token service. */
export interface OneTimeTokenTable {
  id: Generated<number>;
  organisation_id: number;
  purpose: string;
  token_hash: string;
  user_id: number | null;
  subject_type: string | null;
  subject_id: number | null;
  data: string;
  expires_at: number;
  bound_to: string | null;
  used_at: number | null;
  created_by_user_id: number | null;
  created_at: number;
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
  /** JSON of the kind's connection settings (migration 012); null: not connected. */
  settings: string | null;
  /** Secrets sealed with HEARKEN_SECRET_KEY (platform/secrets.ts); never leaves the server. */
  secrets: string | null;
  /** The adapter's durable inbound cursor (e-mail: JSON of UIDVALIDITY and the last UID). */
  cursor: string | null;
  fetch_lease_owner: string | null;
  fetch_lease_until: number | null;
  fetch_requested_at: number | null;
  paused: Generated<number>;
  last_success_at: number | null;
  last_error: string | null;
  last_error_at: number | null;
  consecutive_failures: Generated<number>;
  needs_reauth: Generated<number>;
  alerted_at: number | null;
}

/** An inbound item that failed to be read; quarantined after repeated failures (migration 012). */
export interface ChannelQuarantineTable {
  id: Generated<number>;
  organisation_id: number;
  channel_account_id: number;
  item_ref: string;
  attempts: number;
  quarantined: Generated<number>;
  last_error: string;
  created_at: number;
  updated_at: number;
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
  /** The organisation the job works for; null for a system-wide job. */
  organisation_id: number | null;
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
  actor_type: 'user' | 'token' | 'system' | 'contact';
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
  actor_type: 'user' | 'token' | 'system' | 'contact';
  actor_id: number | null;
  data: string;
  occurred_at: number;
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
