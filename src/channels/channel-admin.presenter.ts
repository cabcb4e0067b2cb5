import type { Static } from '@sinclair/typebox';
import type { ConnectedAccountRow } from '../modules/channels/index.js';
import { iso } from '../platform/time.js';
import type { ConnectedChannelSchema, QuarantineListSchema } from './channel-admin.schema.js';

const instant = (value: number | null) => (value === null ? null : iso(value));

function statusOf(
  row: ConnectedAccountRow,
): Static<typeof ConnectedChannelSchema>['health']['status'] {
  if (!row.settings) return 'not_connected';
  if (row.paused === 1) return 'paused';
  if (row.needs_reauth === 1) return 'needs_reauthentication';
  if (row.consecutive_failures > 0) return 'failing';
  return row.last_success_at === null ? 'never_fetched' : 'ok';
}

/** Never a secret: they live sealed in another column, and settings are checked for any too. */
function visibleSettings(stored: string | null): Record<string, unknown> | null {
  if (!stored) return null;
  const strip = (value: unknown): unknown => {
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([key]) => !/pass|secret|token/i.test(key))
        .map(([key, inner]) => [key, strip(inner)]),
    );
  };
  return strip(JSON.parse(stored)) as Record<string, unknown>;
}

export function presentConnectedChannel(
  row: ConnectedAccountRow,
): Static<typeof ConnectedChannelSchema> {
  return {
    id: row.id,
    channel: row.channel,
    handle: row.handle,
    name: row.name,
    team_id: row.team_id,
    connected: row.settings !== null,
    paused: row.paused === 1,
    settings: visibleSettings(row.settings),
    health: {
      status: statusOf(row),
      last_success_at: instant(row.last_success_at),
      last_error: row.last_error,
      last_error_at: instant(row.last_error_at),
      consecutive_failures: row.consecutive_failures,
      needs_reauthentication: row.needs_reauth === 1,
    },
  };
}

export function presentQuarantine(
  rows: {
    item_ref: string;
    attempts: number;
    quarantined: number;
    last_error: string;
    updated_at: number;
  }[],
): Static<typeof QuarantineListSchema> {
  return {
    data: rows.map((row) => ({
      item: row.item_ref,
      attempts: row.attempts,
      quarantined: row.quarantined === 1,
      last_error: row.last_error,
      updated_at: iso(row.updated_at),
    })),
  };
}
