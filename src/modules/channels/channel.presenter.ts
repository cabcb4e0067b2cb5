import type { Static } from '@sinclair/typebox';
import type { ChannelAccountRow } from './channel.repository.js';
import type { ChannelAccountListSchema, ChannelAccountSchema } from './channel.schema.js';

export function presentChannelAccount(row: ChannelAccountRow): Static<typeof ChannelAccountSchema> {
  return {
    id: row.id,
    channel: row.channel,
    handle: row.handle,
    name: row.name,
    team_id: row.team_id,
  };
}

export function presentChannelAccountList(
  rows: ChannelAccountRow[],
): Static<typeof ChannelAccountListSchema> {
  return { data: rows.map(presentChannelAccount) };
}
