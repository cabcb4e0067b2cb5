export { findTeamById, listTeams, type TeamRow, updateTeamTimezone } from './teams.repository.js';
export { registerTeamRoutes } from './teams.routes.js';
export { ensureTeam, requireTeam } from './teams.service.js';
