import type { Principal } from '../modules/auth/index.js';
import {
  type ConnectedAccountRow,
  channelErrors,
  openChannelConnection,
  recordChannelFailure,
  recordChannelSuccess,
  saveChannelConnection,
} from '../modules/channels/index.js';
import type { AppContext } from '../platform/context.js';
import { AppError, notFound } from '../platform/errors.js';
import { ChannelError } from './adapter.js';
import { adapterFor, connectableChannels } from './registry.js';

function adapterOrRefuse(channel: string) {
  const adapter = adapterFor(channel);
  if (!adapter) {
    throw new AppError('validation_failed', `no adapter for channel "${channel}"`, [
      { path: 'channel', message: `one of ${connectableChannels().join(', ')}` },
    ]);
  }
  return adapter;
}

function connectionFailed(error: unknown): AppError {
  const message = error instanceof Error ? error.message : String(error);
  return channelErrors.error('channel_connection_failed', message);
}

/**
 * Connects a channel account from what an admin entered: checked by the channel's adapter,
 * tried against the server first (unless `test` is false), then stored with its secrets sealed.
 * Nothing is stored when the test fails, and the answer names what the server said.
 */
export async function connectChannel(
  context: AppContext,
  principal: Principal,
  channel: string,
  input: unknown,
  options: { test: boolean; teamId?: number | null },
): Promise<ConnectedAccountRow> {
  const adapter = adapterOrRefuse(channel);
  const parsed = adapter.parseConnection(input);
  if (!parsed.ok) {
    throw new AppError('validation_failed', 'the connection settings are not valid', parsed.errors);
  }
  if (options.test) {
    try {
      await adapter.test({ settings: parsed.settings, secrets: parsed.secrets }, context.config);
    } catch (error) {
      throw connectionFailed(error);
    }
  }
  return saveChannelConnection(context, principal, {
    channel,
    handle: parsed.handle,
    ...(parsed.name ? { name: parsed.name } : {}),
    ...(options.teamId !== undefined ? { teamId: options.teamId } : {}),
    settings: parsed.settings,
    secrets: parsed.secrets,
  });
}

/** Tries a stored connection again ("test connection"); the result is the account's health. */
export async function testChannel(
  context: AppContext,
  principal: Principal,
  id: number,
): Promise<void> {
  const db = context.database.db;
  const connection = await openChannelConnection(db, context.config, id);
  if (!connection || connection.account.organisation_id !== principal.organisationId) {
    throw notFound('connected channel account');
  }
  const adapter = adapterOrRefuse(connection.account.channel);
  try {
    await adapter.test(connection, context.config);
  } catch (error) {
    const failure =
      error instanceof ChannelError ? error : new ChannelError(String(error), 'transient');
    await recordChannelFailure(db, context.config, connection.account, {
      message: failure.message,
      needsReauth: failure.kind === 'authentication',
    });
    throw connectionFailed(failure);
  }
  await recordChannelSuccess(db, id);
}
