import type { Static } from '@sinclair/typebox';
import type { TeamRow } from './teams.repository.js';
import type { TeamListSchema, TeamSchema } from './teams.schema.js';

export function presentTeam(team: TeamRow): Static<typeof TeamSchema> {
  return { id: team.id, name: team.name, timezone: team.timezone };
}

export function presentTeamList(teams: TeamRow[]): Static<typeof TeamListSchema> {
  return { data: teams.map(presentTeam) };
}
