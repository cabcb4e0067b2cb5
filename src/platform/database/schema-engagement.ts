import type { Generated } from 'kysely';

/**
 * What Consult, Close the loop and Community share (migration 016, docs/engagement.md): contact
 * attributes, consents, participant sessions and notices.
 */

export type AttributeType = 'text' | 'number' | 'enum' | 'set';
export type AttributeSource = 'csv' | 'system';

export interface AttributeDefinitionTable {
  id: Generated<number>;
  organisation_id: number;
  key: string;
  label: string;
  type: AttributeType;
  /** JSON array of the allowed values of an enum; '[]' for the other types. */
  options: string;
  source: AttributeSource;
  created_at: number;
}

/** One row per contact and key; one row per value for a `set` key (tags). */
export interface ContactAttributeTable {
  organisation_id: number;
  contact_id: number;
  key: string;
  value: string;
  updated_at: number;
}

/**
 * A consent record. Withdrawal sets `withdrawn_at`; granting again inserts a new row.
 * Purposes: `panel:<id>`, `loop_notices`, `public_name`, `public_recognition`, `digest_email`.
 */
export interface ConsentTable {
  id: Generated<number>;
  organisation_id: number;
  contact_id: number;
  purpose: string;
  granted_at: number;
  source: string;
  withdrawn_at: number | null;
  withdrawn_source: string | null;
}

/** A contact's session, opened by a one-time link; scope `portal` or `consultation:<id>`. */
export interface ParticipantSessionTable {
  /** SHA-256 of the cookie value. */
  id: string;
  organisation_id: number;
  contact_id: number;
  scope: string;
  csrf_token: string;
  created_at: number;
  expires_at: number;
  last_seen_at: number;
  revoked_at: number | null;
  user_agent: string | null;
  ip_address: string | null;
}

export type NoticeChannel = 'email' | 'conversation' | 'portal';
export type NoticeStatus = 'pending' | 'sending' | 'sent' | 'skipped' | 'failed';

/** A message to a person that is not an agent's reply: one per purpose, subject, step and person. */
export interface NoticeTable {
  id: Generated<number>;
  organisation_id: number;
  contact_id: number | null;
  user_id: number | null;
  purpose: string;
  subject_type: string;
  subject_id: number;
  step: string;
  channel: NoticeChannel;
  status: NoticeStatus;
  /** `purpose:subject_type:subject_id:step:person`, unique: a step never tells a person twice. */
  dedupe_key: string;
  /** JSON: what the template needs (titles, links), never customer text rendered as HTML. */
  data: string;
  attempts: Generated<number>;
  error: string | null;
  created_at: number;
  /** When a sender claimed it (migration 020); a `sending` row older than a timeout was cut off. */
  claimed_at: number | null;
  sent_at: number | null;
}
