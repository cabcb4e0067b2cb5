export {
  addBusinessMilliseconds,
  alwaysOpenCalendar,
  type BusinessCalendar,
  businessMillisecondsBetween,
  type CalendarException,
  isOpen,
  nextOpening,
  type TimeInterval,
} from './business-calendar.js';
export { calendarChanged } from './calendar.jobs.js';
export { listTeamCalendars } from './calendar.repository.js';
export { registerCalendarRoutes } from './calendar.routes.js';
export {
  calendarOfTeam,
  ensureTeamCalendar,
  importTeamHolidays,
  replaceTeamCalendar,
} from './calendar.service.js';
export { type CalendarText, calendarText, parseCalendar } from './calendar-format.js';
export { type IcalEvent, parseIcal } from './ical-parser.js';
export { calendarTeamHoursSource, type TeamHoursView, teamHoursOf } from './team-hours-source.js';
export { isValidTimezone, localTimeOf, offsetAt } from './zoned-time.js';
