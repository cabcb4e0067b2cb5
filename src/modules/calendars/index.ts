// Re-exported for the modules that validate a report's timezone through calendars.
export { isValidTimezone } from '../../platform/time.js';
export {
  addBusinessMilliseconds,
  alwaysOpenCalendar,
  type BusinessCalendar,
  businessMillisecondsBetween,
} from './business-calendar.js';
export { calendarChanged } from './calendar.jobs.js';
export { listTeamCalendars } from './calendar.repository.js';
export { registerCalendarRoutes } from './calendar.routes.js';
export { ensureTeamCalendar } from './calendar.service.js';
export { calendarTeamHoursSource } from './team-hours-source.js';
export { offsetAt } from './zoned-time.js';
