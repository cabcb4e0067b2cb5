export { channelErrors } from './channel.errors.js';
export { type ChannelAccountRow, listChannelAccounts } from './channel.repository.js';
export { registerChannelRoutes } from './channel.routes.js';
export {
  channelAccountKey,
  ensureChannelAccount,
  resolveChannelAccounts,
} from './channel.service.js';
export {
  type ConnectedAccountRow,
  listConnectedAccounts,
  readCursor,
  recordItemFailure,
  releaseFetchLease,
  saveCursor,
  takeFetchLease,
} from './channel-connection.repository.js';
export {
  assertChannelSecretsReadable,
  type ChannelConnection,
  type ConnectionInput,
  channelHealthOf,
  channelQuarantineOf,
  disconnectChannelAccount,
  openChannelConnection,
  pauseChannelAccount,
  recordChannelFailure,
  recordChannelSuccess,
  requestChannelFetch,
  saveChannelConnection,
} from './channel-connection.service.js';
