import type {
  AgentAvailabilityTable,
  CannedReplyTable,
  ConversationBypassTable,
  ConversationHandoffTable,
  ConversationLabelTable,
  ConversationMetricsTable,
  ConversationSlaTable,
  FollowTheSunRuleTable,
  LabelTable,
  NotificationTable,
  OutboxTable,
  ReportRollupTable,
  RoutingRuleTable,
  RoutingSettingsTable,
  SlaPolicyTable,
  TeamCalendarTable,
  TeamMemberTable,
} from './schema-care.js';
import type {
  ApiTokenTable,
  AuditLogTable,
  ChannelAccountTable,
  ChannelQuarantineTable,
  ClassificationCorrectionTable,
  ClassifierModelTable,
  ContactIdentityTable,
  ContactTable,
  ConversationEventTable,
  ConversationTable,
  InboundEventTable,
  InstanceStateTable,
  JobTable,
  KnownBrowserTable,
  MessageTable,
  OneTimeTokenTable,
  OrganisationTable,
  SessionTable,
  SignInThrottleTable,
  TeamTable,
  UserTable,
} from './schema-core.js';
import type {
  AttributeDefinitionTable,
  ConsentTable,
  ContactAttributeTable,
  NoticeTable,
  ParticipantSessionTable,
} from './schema-engagement.js';
import type {
  DecisionEventTable,
  DecisionLinkTable,
  DecisionTable,
  FeedbackItemTable,
} from './schema-ledger.js';
import type {
  AlertTable,
  DuplicateClusterTable,
  EmailOutboxTable,
  ListeningStateTable,
  ListeningVolumeHourlyTable,
  ListeningVolumeRevisionTable,
  MessageFingerprintTable,
  ThemeMessageTable,
  ThemeRuleTable,
  ThemeTable,
} from './schema-listening.js';
import type { CheckBackAnswerTable } from './schema-loop.js';
import type {
  ConfidentialityAcceptanceTable,
  PanelMemberTable,
  PanelTable,
  PartnerContactTable,
  PartnerOrganisationTable,
} from './schema-people.js';
import type { WebhookAttemptTable, WebhookDeliveryTable, WebhookTable } from './schema-webhooks.js';

export type * from './schema-care.js';
export type * from './schema-core.js';
export type * from './schema-engagement.js';
export type * from './schema-ledger.js';
export type * from './schema-listening.js';
export type * from './schema-loop.js';
export type * from './schema-people.js';
export type * from './schema-webhooks.js';

/**
 * Table types for Kysely. Instants are UTC epoch milliseconds; JSON is stored as text so the
 * same column works on SQLite and PostgreSQL.
 */
export interface Database {
  organisations: OrganisationTable;
  users: UserTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  sign_in_throttles: SignInThrottleTable;
  known_browsers: KnownBrowserTable;
  one_time_tokens: OneTimeTokenTable;
  teams: TeamTable;
  channel_accounts: ChannelAccountTable;
  channel_quarantine: ChannelQuarantineTable;
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
  listening_volume_revision: ListeningVolumeRevisionTable;
  alerts: AlertTable;
  webhooks: WebhookTable;
  webhook_deliveries: WebhookDeliveryTable;
  webhook_attempts: WebhookAttemptTable;
  conversation_bypasses: ConversationBypassTable;
  email_outbox: EmailOutboxTable;
  feedback_items: FeedbackItemTable;
  decisions: DecisionTable;
  decision_events: DecisionEventTable;
  decision_links: DecisionLinkTable;
  attribute_definitions: AttributeDefinitionTable;
  contact_attributes: ContactAttributeTable;
  consents: ConsentTable;
  partner_organisations: PartnerOrganisationTable;
  partner_contacts: PartnerContactTable;
  confidentiality_acceptances: ConfidentialityAcceptanceTable;
  panels: PanelTable;
  panel_members: PanelMemberTable;
  participant_sessions: ParticipantSessionTable;
  notices: NoticeTable;
  check_back_answers: CheckBackAnswerTable;
}
