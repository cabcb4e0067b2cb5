export { type ChannelAccountRow, listChannelAccounts } from './channel.repository.js';
export { registerChannelRoutes } from './channel.routes.js';
export {
  channelAccountKey,
  ensureChannelAccount,
  resolveChannelAccounts,
} from './channel.service.js';
