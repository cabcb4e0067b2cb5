import type { Generated } from 'kysely';

/** Tables of themes, near-duplicates, alerts and their delivery. */
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

/** Migration 009: changes to closed hours of the rollup (see theme-volume.repository.ts). */
export interface ListeningVolumeRevisionTable {
  organisation_id: number;
  latest_hour: number;
  revision: number;
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
