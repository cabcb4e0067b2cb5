import type { Static } from '@sinclair/typebox';
import type { CalendarResponse } from './calendar.schema.js';
import type { TeamCalendarView } from './calendar.service.js';
import { calendarText } from './calendar-format.js';

export function presentTeamCalendar(
  view: TeamCalendarView & { imported?: number },
): Static<typeof CalendarResponse> {
  return {
    team_id: view.teamId,
    custom: view.custom,
    calendar: calendarText(view.calendar),
    ...(view.imported === undefined ? {} : { imported: view.imported }),
  };
}
