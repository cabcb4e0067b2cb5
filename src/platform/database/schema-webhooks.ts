import type { Generated } from 'kysely';

/** An outbound webhook subscription (migration 006, generalised in 013). */
export interface WebhookTable {
  id: Generated<number>;
  organisation_id: number;
  name: string | null;
  url: string;
  secret: string;
  /** JSON array of the webhook event types it receives. */
  events: string;
  enabled: number;
  /** Failed attempts in a row; a success resets it, reaching the limit disables the webhook. */
  consecutive_failures: number;
  disabled_reason: string | null;
  created_at: number;
  updated_at: number;
}

/** pending: waiting for its first or next attempt; dead: gave up after the last attempt. */
export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'dead' | 'cancelled';

/** One event for one subscription, with the exact body every attempt sends. */
export interface WebhookDeliveryTable {
  id: Generated<number>;
  organisation_id: number;
  webhook_id: number;
  event_id: string;
  event_type: string;
  body: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  next_attempt_at: number | null;
  response_status: number | null;
  last_error: string | null;
  delivered_at: number | null;
  created_at: number;
  updated_at: number;
}

export type WebhookAttemptOutcome = 'delivered' | 'retry' | 'dead' | 'cancelled';

/** The delivery log: one row per HTTP attempt. */
export interface WebhookAttemptTable {
  id: Generated<number>;
  organisation_id: number;
  webhook_id: number;
  delivery_id: number;
  attempt: number;
  outcome: WebhookAttemptOutcome;
  response_status: number | null;
  duration_ms: number;
  error: string | null;
  retry_at: number | null;
  created_at: number;
}
