import type { Static } from '@sinclair/typebox';
import { iso } from '../../platform/time.js';
import type { AttemptLogRow, WebhookRow } from './webhook.repository.js';
import type { DeliveryLogSchema, WebhookListSchema, WebhookSchema } from './webhook.schema.js';
import { webhookEventTypes } from './webhook-events.js';

export function presentWebhook(row: WebhookRow): Static<typeof WebhookSchema> {
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    events: JSON.parse(row.events) as string[],
    enabled: row.enabled === 1,
    consecutive_failures: row.consecutive_failures,
    disabled_reason: row.enabled === 1 ? null : row.disabled_reason,
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
  };
}

export function presentWebhooks(rows: readonly WebhookRow[]): Static<typeof WebhookListSchema> {
  return { data: rows.map(presentWebhook), event_types: [...webhookEventTypes] };
}

/** A new webhook with its secret: shown this once. */
export function presentCreatedWebhook(created: { webhook: WebhookRow; secret: string }) {
  return { ...presentWebhook(created.webhook), secret: created.secret };
}

export function presentDeliveryLog(
  rows: readonly AttemptLogRow[],
  page: { limit: number; offset: number },
): Static<typeof DeliveryLogSchema> {
  return {
    data: rows.map((row) => ({
      id: row.id,
      delivery_id: row.delivery_id,
      event_id: row.event_id,
      event_type: row.event_type,
      delivery_status: row.delivery_status,
      attempt: row.attempt,
      outcome: row.outcome,
      response_status: row.response_status,
      duration_ms: row.duration_ms,
      error: row.error,
      retry_at: iso(row.retry_at),
      created_at: iso(row.created_at),
    })),
    next_offset: rows.length === page.limit ? page.offset + page.limit : null,
  };
}
