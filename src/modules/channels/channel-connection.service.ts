import type { Kysely } from 'kysely';
import type { Config } from '../../platform/config.js';
import { ConfigError } from '../../platform/config.js';
import type { AppContext } from '../../platform/context.js';
import { withTransaction } from '../../platform/database/connection.js';
import type { Database } from '../../platform/database/schema.js';
import { notFound } from '../../platform/errors.js';
import { openSecrets, SecretKeyError, sealSecrets } from '../../platform/secrets.js';
import { notifyAdmins } from '../alerts/index.js';
import { recordAudit } from '../audit/index.js';
import { actorOf, type Principal } from '../auth/index.js';
import { requireTeam } from '../teams/index.js';
import { channelErrors } from './channel.errors.js';
import { ensureChannelAccount } from './channel.service.js';
import {
  type ConnectedAccountRow,
  findConnectedAccount,
  firstStoredSecret,
  listOrganisationAccounts,
  listQuarantine,
  markAlerted,
  recordFailure,
  recordSuccess,
  requestFetch,
  setPaused,
  updateConnection,
} from './channel-connection.repository.js';

export interface ConnectionInput {
  channel: string;
  handle: string;
  name?: string;
  teamId?: number | null;
  /** Kind-specific settings, already checked by the channel's adapter. */
  settings: Record<string, unknown>;
  /** Passwords and tokens: sealed with HEARKEN_SECRET_KEY before they reach the database. */
  secrets: Record<string, string>;
}

/** What an adapter works with: the account, its settings and its secrets in the clear. */
export interface ChannelConnection {
  account: ConnectedAccountRow;
  settings: Record<string, unknown>;
  secrets: Record<string, string>;
}

function secretKeyOf(config: Config): Buffer {
  if (!config.secretKey) {
    throw channelErrors.error(
      'secret_key_missing',
      'set HEARKEN_SECRET_KEY (e.g. `openssl rand -hex 32`) before connecting a channel',
    );
  }
  return config.secretKey;
}

/** Seals a connection's secrets; for callers that store them in their own transaction. */
export function sealChannelSecrets(config: Config, secrets: Record<string, string>): string | null {
  return Object.keys(secrets).length === 0 ? null : sealSecrets(secretKeyOf(config), secrets);
}

/**
 * Connects (or reconnects) a channel account: settings and sealed secrets stored, health reset,
 * audited without the secrets. The cursor is kept when the account was connected before, so a
 * reconnect never refetches what was already read.
 */
export async function saveChannelConnection(
  context: AppContext,
  principal: Principal,
  input: ConnectionInput,
): Promise<ConnectedAccountRow> {
  const organisationId = principal.organisationId;
  const sealed = sealChannelSecrets(context.config, input.secrets);
  return withTransaction(context.database, async (trx) => {
    if (input.teamId !== undefined && input.teamId !== null) {
      await requireTeam(trx, organisationId, input.teamId);
    }
    const account = await ensureChannelAccount(trx, organisationId, {
      channel: input.channel,
      handle: input.handle,
      ...(input.name ? { name: input.name } : {}),
      teamId: input.teamId ?? null,
    });
    await updateConnection(trx, organisationId, account.id, {
      settings: JSON.stringify(input.settings),
      secrets: sealed,
    });
    await recordAudit(trx, {
      organisationId,
      actor: actorOf(principal),
      action: 'channel_account.connected',
      subjectType: 'channel_account',
      subjectId: account.id,
      changes: { channel: input.channel, handle: account.handle, settings: input.settings },
    });
    const saved = await findConnectedAccount(trx, account.id);
    if (!saved) throw notFound('channel account');
    return saved;
  });
}

async function requireAccount(
  db: Kysely<Database>,
  organisationId: number,
  id: number,
): Promise<ConnectedAccountRow> {
  const account = await findConnectedAccount(db, id);
  if (!account || account.organisation_id !== organisationId) throw notFound('channel account');
  return account;
}

export async function pauseChannelAccount(
  context: AppContext,
  principal: Principal,
  id: number,
  paused: boolean,
): Promise<ConnectedAccountRow> {
  const organisationId = principal.organisationId;
  return withTransaction(context.database, async (trx) => {
    const account = await requireAccount(trx, organisationId, id);
    await setPaused(trx, organisationId, id, paused);
    await recordAudit(trx, {
      organisationId,
      actor: actorOf(principal),
      action: paused ? 'channel_account.paused' : 'channel_account.resumed',
      subjectType: 'channel_account',
      subjectId: id,
      changes: { paused: { from: account.paused === 1, to: paused } },
    });
    return { ...account, paused: paused ? 1 : 0 };
  });
}

/**
 * Removes an account's connection (settings, secrets, cursor). The account and its conversations
 * stay: they are the organisation's history, and the inbound API can still file messages on it.
 */
export async function disconnectChannelAccount(
  context: AppContext,
  principal: Principal,
  id: number,
): Promise<void> {
  const organisationId = principal.organisationId;
  await withTransaction(context.database, async (trx) => {
    await requireAccount(trx, organisationId, id);
    await updateConnection(trx, organisationId, id, {
      settings: null,
      secrets: null,
      cursor: null,
      paused: 0,
    });
    await recordAudit(trx, {
      organisationId,
      actor: actorOf(principal),
      action: 'channel_account.disconnected',
      subjectType: 'channel_account',
      subjectId: id,
      changes: {},
    });
  });
}

/** Asks the runner to fetch the account at its next look (within a second or so). */
export async function requestChannelFetch(
  context: AppContext,
  principal: Principal,
  id: number,
): Promise<ConnectedAccountRow> {
  const account = await requireAccount(context.database.db, principal.organisationId, id);
  if (!account.settings) {
    throw channelErrors.error('channel_not_connected', 'the account has no connection to fetch');
  }
  await requestFetch(context.database.db, principal.organisationId, id, Date.now());
  return account;
}

export async function channelHealthOf(context: AppContext, principal: Principal) {
  return listOrganisationAccounts(context.database.db, principal.organisationId);
}

export async function channelQuarantineOf(context: AppContext, principal: Principal, id: number) {
  await requireAccount(context.database.db, principal.organisationId, id);
  return listQuarantine(context.database.db, principal.organisationId, id);
}

/** The account's connection with its secrets opened, for the adapters (never for the API). */
export async function openChannelConnection(
  db: Kysely<Database>,
  config: Config,
  accountId: number,
): Promise<ChannelConnection | undefined> {
  const account = await findConnectedAccount(db, accountId);
  if (!account?.settings) return undefined;
  const secrets = account.secrets ? openSecrets(secretKeyOf(config), account.secrets) : {};
  return { account, settings: JSON.parse(account.settings) as Record<string, unknown>, secrets };
}

/** A fetch or send that worked: the account is healthy again. */
export async function recordChannelSuccess(db: Kysely<Database>, accountId: number) {
  await recordSuccess(db, accountId, Date.now());
}

/**
 * A fetch or send that failed: counted, kept as the account's last error (never with a secret:
 * adapters pass the server's answer), and the admins e-mailed once when the count reaches
 * HEARKEN_CHANNEL_ALERT_FAILURES.
 */
export async function recordChannelFailure(
  db: Kysely<Database>,
  config: Config,
  account: Pick<ConnectedAccountRow, 'id' | 'organisation_id' | 'channel' | 'handle'>,
  failure: { message: string; needsReauth: boolean },
): Promise<number> {
  const now = Date.now();
  const failures = await recordFailure(db, account.id, { ...failure, now });
  if (failures >= config.channelAlertFailures && (await markAlerted(db, account.id, now))) {
    await notifyAdmins(
      db,
      account.organisation_id,
      {
        subject: `channel ${account.channel} ${account.handle} is failing`,
        body:
          `The ${account.channel} account ${account.handle} failed ${failures} times in a row.\n` +
          `Last error: ${failure.message}\n` +
          (failure.needsReauth ? 'It needs its credentials entered again.\n' : ''),
      },
      now,
    );
  }
  return failures;
}

/**
 * Boot check: stored secrets need HEARKEN_SECRET_KEY, and the right one. Failing here names the
 * setting, instead of every channel failing later one by one.
 */
export async function assertChannelSecretsReadable(
  db: Kysely<Database>,
  config: Config,
): Promise<void> {
  const stored = await firstStoredSecret(db);
  if (!stored) return;
  if (!config.secretKey) {
    throw new ConfigError(
      'HEARKEN_SECRET_KEY: channel accounts have stored secrets, and the key to read them is not set',
    );
  }
  try {
    openSecrets(config.secretKey, stored);
  } catch (error) {
    if (error instanceof SecretKeyError) {
      throw new ConfigError(
        'HEARKEN_SECRET_KEY: it does not open the stored channel secrets (a different key?)',
      );
    }
    throw error;
  }
}
