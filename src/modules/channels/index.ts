export {
  type ChannelAccountRow,
  findChannelAccountById,
  findTeamById,
  listChannelAccounts,
  listTeams,
  type TeamRow,
  updateChannelAccountTeam,
} from './channel.repository.js';
export { isValidTimezone, registerChannelRoutes } from './channel.routes.js';
export {
  type ChannelAccountInput,
  channelAccountKey,
  ensureChannelAccount,
  ensureTeam,
  resolveChannelAccounts,
} from './channel.service.js';
