import type { AlertRow } from './alert.repository.js';

const iso = (at: number | null) => (at === null ? null : new Date(at).toISOString());

export function presentAlert(row: AlertRow) {
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
    first_hour_start: iso(row.first_hour_start) as string,
    last_hour_start: iso(row.last_hour_start) as string,
    example_message_ids: JSON.parse(row.example_message_ids) as number[],
    opened_at: iso(row.opened_at) as string,
    acknowledged_at: iso(row.acknowledged_at),
    acknowledged_by_user_id: row.acknowledged_by_user_id,
    resolved_at: iso(row.resolved_at),
    resolved_by_user_id: row.resolved_by_user_id,
  };
}
