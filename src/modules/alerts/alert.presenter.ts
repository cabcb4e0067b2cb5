import type { Static } from '@sinclair/typebox';
import { iso } from '../../platform/time.js';
import type { AlertRow, OutboxEmailRow } from './alert.repository.js';
import type { AlertListSchema, AlertSchema, OutboxSchema } from './alert.schema.js';

export function presentAlert(row: AlertRow): Static<typeof AlertSchema> {
  return {
    id: row.id,
    status: row.status,
    severity: row.severity,
    summary: row.summary,
    series: {
      channel_account_id: row.channel_account_id,
      theme_id: row.theme_id,
      sentiment: row.sentiment,
    },
    observed_count: row.observed_count,
    expected_count: row.expected_count,
    score: row.score,
    first_hour_start: iso(row.first_hour_start),
    last_hour_start: iso(row.last_hour_start),
    example_message_ids: JSON.parse(row.example_message_ids),
    opened_at: iso(row.opened_at),
    acknowledged_at: iso(row.acknowledged_at),
    acknowledged_by_user_id: row.acknowledged_by_user_id,
    resolved_at: iso(row.resolved_at),
    resolved_by_user_id: row.resolved_by_user_id,
  };
}

export function presentAlerts(rows: readonly AlertRow[]): Static<typeof AlertListSchema> {
  return { data: rows.map(presentAlert) };
}

export function presentOutbox(rows: readonly OutboxEmailRow[]): Static<typeof OutboxSchema> {
  return {
    data: rows.map((row) => ({
      ...row,
      created_at: iso(row.created_at),
      sent_at: iso(row.sent_at),
    })),
  };
}
