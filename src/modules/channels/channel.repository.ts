import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.js';

export interface ChannelAccountRow {
  id: number;
  channel: string;
  handle: string;
  handle_key: string;
  name: string;
  team_id: number | null;
  created_at: number;
}

const channelAccountColumns = [
  'id',
  'channel',
  'handle',
  'handle_key',
  'name',
  'team_id',
  'created_at',
] as const;

/** The organisation's channel accounts, as every read of this module starts. */
const accountsOf = (db: Kysely<Database>, organisationId: number) =>
  db
    .selectFrom('channel_accounts')
    .select(channelAccountColumns)
    .where('organisation_id', '=', organisationId);

export async function findChannelAccounts(
  db: Kysely<Database>,
  organisationId: number,
  keys: { channel: string; handleKey: string }[],
): Promise<ChannelAccountRow[]> {
  if (keys.length === 0) return [];
  return accountsOf(db, organisationId)
    .where((eb) =>
      eb.or(
        keys.map((key) =>
          eb.and([eb('channel', '=', key.channel), eb('handle_key', '=', key.handleKey)]),
        ),
      ),
    )
    .execute();
}

export async function insertChannelAccountIfAbsent(
  db: Kysely<Database>,
  organisationId: number,
  account: {
    channel: string;
    handle: string;
    handleKey: string;
    name: string;
    teamId: number | null;
  },
): Promise<void> {
  await db
    .insertInto('channel_accounts')
    .values({
      organisation_id: organisationId,
      channel: account.channel,
      handle: account.handle,
      handle_key: account.handleKey,
      name: account.name,
      team_id: account.teamId,
      created_at: Date.now(),
    })
    .onConflict((conflict) =>
      conflict.columns(['organisation_id', 'channel', 'handle_key']).doNothing(),
    )
    .execute();
}

export async function listChannelAccounts(
  db: Kysely<Database>,
  organisationId: number,
): Promise<ChannelAccountRow[]> {
  return accountsOf(db, organisationId).orderBy('channel').orderBy('handle_key').execute();
}

export async function findChannelAccountById(
  db: Kysely<Database>,
  organisationId: number,
  id: number,
): Promise<ChannelAccountRow | undefined> {
  return accountsOf(db, organisationId).where('id', '=', id).executeTakeFirst();
}

export async function updateChannelAccountTeam(
  db: Kysely<Database>,
  organisationId: number,
  id: number,
  teamId: number | null,
): Promise<void> {
  await db
    .updateTable('channel_accounts')
    .set({ team_id: teamId })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .execute();
}
