import type { Kysely } from 'kysely';
import type { AppContext } from '../../platform/context.js';
import { withTransaction } from '../../platform/database/connection.js';
import type { Database } from '../../platform/database/schema.js';
import { notFound } from '../../platform/errors.js';
import { recordAudit } from '../audit/index.js';
import { actorOf, type Principal } from '../auth/index.js';
import { handleKey } from '../ingest/index.js';
import { ensureTeam, requireTeam } from '../teams/index.js';
import {
  type ChannelAccountRow,
  findChannelAccountById,
  findChannelAccounts,
  insertChannelAccountIfAbsent,
  listChannelAccounts,
  updateChannelAccountTeam,
} from './channel.repository.js';

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

export async function channelAccountsOf(
  context: AppContext,
  principal: Principal,
): Promise<ChannelAccountRow[]> {
  return listChannelAccounts(context.database.db, principal.organisationId);
}

/**
 * Adds a channel account owned by `teamId` (or returns the one that exists with that handle),
 * and writes it to the audit log in the same transaction.
 */
export async function createChannelAccount(
  context: AppContext,
  principal: Principal,
  input: ChannelAccountInput,
): Promise<ChannelAccountRow> {
  const organisationId = principal.organisationId;
  return withTransaction(context.database, async (trx) => {
    if (input.teamId !== undefined && input.teamId !== null) {
      await requireTeam(trx, organisationId, input.teamId);
    }
    const account = await ensureChannelAccount(trx, organisationId, input);
    await recordAudit(trx, {
      organisationId,
      actor: actorOf(principal),
      action: 'channel_account.created',
      subjectType: 'channel_account',
      subjectId: account.id,
      changes: { channel: account.channel, handle: account.handle, team_id: account.team_id },
    });
    return account;
  });
}

/** Moves a channel account to another team (or none), audited in the same transaction. */
export async function moveChannelAccount(
  context: AppContext,
  principal: Principal,
  id: number,
  teamId: number | null,
): Promise<ChannelAccountRow> {
  const organisationId = principal.organisationId;
  return withTransaction(context.database, async (trx) => {
    const account = await findChannelAccountById(trx, organisationId, id);
    if (!account) throw notFound('channel account');
    if (teamId !== null) await requireTeam(trx, organisationId, teamId);
    await updateChannelAccountTeam(trx, organisationId, account.id, teamId);
    await recordAudit(trx, {
      organisationId,
      actor: actorOf(principal),
      action: 'channel_account.updated',
      subjectType: 'channel_account',
      subjectId: account.id,
      changes: { team_id: { from: account.team_id, to: teamId } },
    });
    return { ...account, team_id: teamId };
  });
}
