import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.js';
import { type BusinessCalendar, isOpen, nextOpening } from './business-calendar.js';
import { listTeamCalendars } from './calendar.repository.js';

/**
 * Business hours for follow-the-sun routing, in the shape routing's TeamHoursSource expects
 * (structural, so calendars does not depend on routing): only teams with a calendar of their own
 * are returned; the others count as always open.
 */
interface TeamHoursView {
  isOpen(instant: number): boolean;
  nextOpening(instant: number): number | null;
}

function teamHoursOf(calendar: BusinessCalendar): TeamHoursView {
  return {
    isOpen: (instant) => isOpen(calendar, instant),
    nextOpening: (instant) => nextOpening(calendar, instant),
  };
}

export const calendarTeamHoursSource = {
  async load(
    db: Kysely<Database>,
    organisationId: number,
    teamIds: number[],
  ): Promise<Map<number, TeamHoursView>> {
    const calendars = await listTeamCalendars(db, organisationId);
    const wanted = new Set(teamIds);
    const result = new Map<number, TeamHoursView>();
    for (const [teamId, calendar] of calendars) {
      if (wanted.has(teamId)) result.set(teamId, teamHoursOf(calendar));
    }
    return result;
  },
};
