import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.js';
import { handleKey } from '../ingest/index.js';
import {
  type ChannelAccountRow,
  findChannelAccounts,
  findTeamByName,
  insertChannelAccountIfAbsent,
  insertTeamIfAbsent,
  type TeamRow,
} from './channel.repository.js';

/** Returns the team with that name, creating it first when it does not exist (race-safe). */
export async function ensureTeam(
  db: Kysely<Database>,
  organisationId: number,
  name: string,
  timezone = 'UTC',
): Promise<TeamRow> {
  const existing = await findTeamByName(db, organisationId, name);
  if (existing) return existing;
  await insertTeamIfAbsent(db, organisationId, name, timezone);
  const created = await findTeamByName(db, organisationId, name);
  if (!created) throw new Error(`team "${name}" could not be created`);
  return created;
}

export interface ChannelAccountInput {
  channel: string;
  handle: string;
  name?: string;
  teamId?: number | null;
}

/** Returns the channel account, creating it (owned by `teamId`) when it does not exist. */
export async function ensureChannelAccount(
  db: Kysely<Database>,
  organisationId: number,
  input: ChannelAccountInput,
): Promise<ChannelAccountRow> {
  const key = { channel: input.channel, handleKey: handleKey(input.handle) };
  const [existing] = await findChannelAccounts(db, organisationId, [key]);
  if (existing) return existing;
  await insertChannelAccountIfAbsent(db, organisationId, {
    channel: input.channel,
    handle: input.handle.replace(/^@/, ''),
    handleKey: key.handleKey,
    name: input.name ?? input.handle.replace(/^@/, ''),
    teamId: input.teamId ?? null,
  });
  const [created] = await findChannelAccounts(db, organisationId, [key]);
  if (!created)
    throw new Error(`channel account ${input.channel}/${input.handle} could not be created`);
  return created;
}

/**
 * Channel accounts for a batch of messages. An account seen for the first time is provisioned
 * with a team of the same name, so a new brand handle is routed somewhere from its first message
 * (an admin can move it to another team later).
 */
export async function resolveChannelAccounts(
  db: Kysely<Database>,
  organisationId: number,
  wanted: { channel: string; handle: string }[],
): Promise<Map<string, ChannelAccountRow>> {
  const byKey = new Map<string, { channel: string; handle: string; handleKey: string }>();
  for (const item of wanted) {
    const key = handleKey(item.handle);
    byKey.set(`${item.channel}\u0000${key}`, { ...item, handleKey: key });
  }
  const found = await findChannelAccounts(
    db,
    organisationId,
    [...byKey.values()].map((item) => ({ channel: item.channel, handleKey: item.handleKey })),
  );
  const result = new Map<string, ChannelAccountRow>();
  for (const row of found) result.set(`${row.channel}\u0000${row.handle_key}`, row);
  for (const [key, item] of byKey) {
    if (result.has(key)) continue;
    const handle = item.handle.trim().replace(/^@/, '');
    const team = await ensureTeam(db, organisationId, handle);
    result.set(
      key,
      await ensureChannelAccount(db, organisationId, {
        channel: item.channel,
        handle,
        teamId: team.id,
      }),
    );
  }
  return result;
}

export function channelAccountKey(channel: string, handle: string): string {
  return `${channel}\u0000${handleKey(handle)}`;
}
