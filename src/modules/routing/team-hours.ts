import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.js';
import { calendarTeamHoursSource } from '../calendars/index.js';

/**
 * The little follow-the-sun needs to know about a team's business hours. The calendars module
 * owns calendars (IANA timezone, split shifts, holidays); routing sees them only through this
 * interface, so the hand-off logic can be tested with a fixed calendar and a controlled `now`.
 */
export interface TeamHours {
  isOpen(instant: number): boolean;
  /** The next instant at or after `instant` when the team is open; null when it never opens. */
  nextOpening(instant: number): number | null;
}

export interface TeamHoursSource {
  /** Hours of the teams that have a calendar; a team missing from the map is always open. */
  load(
    db: Kysely<Database>,
    organisationId: number,
    teamIds: number[],
  ): Promise<Map<number, TeamHours>>;
}

export const alwaysOpen: TeamHours = {
  isOpen: () => true,
  nextOpening: (instant) => instant,
};

/**
 * Where hours come from unless a caller passes another source: the teams' business-hours
 * calendars (a team without one is open around the clock). Passed as a parameter rather than
 * installed globally, so tests with a fixed calendar cannot leak it into each other.
 */
export const defaultTeamHoursSource: TeamHoursSource = calendarTeamHoursSource;

export async function loadTeamHours(
  db: Kysely<Database>,
  organisationId: number,
  teamIds: number[],
  source: TeamHoursSource,
): Promise<(teamId: number) => TeamHours> {
  const hours = teamIds.length > 0 ? await source.load(db, organisationId, teamIds) : new Map();
  return (teamId) => hours.get(teamId) ?? alwaysOpen;
}
