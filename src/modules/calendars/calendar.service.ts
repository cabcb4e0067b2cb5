import type { Kysely } from 'kysely';
import type { AppContext } from '../../platform/context.js';
import { type DatabaseHandle, withTransaction } from '../../platform/database/connection.js';
import type { Database } from '../../platform/database/schema.js';
import { AppError, notFound } from '../../platform/errors.js';
import { enqueue } from '../../platform/jobs/job-definition.js';
import { recordAudit } from '../audit/index.js';
import { actorOf, type Principal } from '../auth/index.js';
import { findTeamById, updateTeamTimezone } from '../teams/index.js';
import { alwaysOpenCalendar, type BusinessCalendar } from './business-calendar.js';
import { calendarChanged } from './calendar.jobs.js';
import { findTeamCalendar, saveTeamCalendar } from './calendar.repository.js';
import { type CalendarText, calendarText, parseCalendar } from './calendar-format.js';
import { applyHolidays } from './holiday-import.js';
import { parseIcal } from './ical-parser.js';

/** Holidays with a yearly rule are expanded this many years ahead of the import. */
const yearlyHorizon = 5;

export interface TeamCalendarView {
  teamId: number;
  /** false while the team has no calendar of its own and counts around the clock. */
  custom: boolean;
  calendar: BusinessCalendar;
}

/** The calendar a team's SLA clocks use: its own, or 24/7 in the team's timezone. */
async function calendarOfTeam(
  db: Kysely<Database>,
  organisationId: number,
  teamId: number,
): Promise<TeamCalendarView> {
  const team = await findTeamById(db, organisationId, teamId);
  if (!team) throw notFound('team');
  const stored = await findTeamCalendar(db, organisationId, teamId);
  return {
    teamId,
    custom: stored !== undefined,
    calendar: stored ?? alwaysOpenCalendar(team.timezone),
  };
}

/** A team's calendar as an agent of the organisation sees it. */
export async function teamCalendar(
  context: AppContext,
  principal: Principal,
  teamId: number,
): Promise<TeamCalendarView> {
  return calendarOfTeam(context.database.db, principal.organisationId, teamId);
}

/** Stores the calendar; the team's timezone follows it, so both always name the same zone. */
async function saveCalendar(
  trx: Kysely<Database>,
  organisationId: number,
  teamId: number,
  calendar: BusinessCalendar,
  now: number,
): Promise<void> {
  await saveTeamCalendar(trx, organisationId, teamId, calendar, now);
  await updateTeamTimezone(trx, organisationId, teamId, calendar.timezone);
}

async function store(
  context: AppContext,
  principal: Principal,
  teamId: number,
  calendar: BusinessCalendar,
  action: string,
  details: Record<string, unknown>,
): Promise<void> {
  const now = Date.now();
  await withTransaction(context.database, async (trx) => {
    await saveCalendar(trx, principal.organisationId, teamId, calendar, now);
    await recordAudit(trx, {
      organisationId: principal.organisationId,
      actor: actorOf(principal),
      action,
      subjectType: 'team',
      subjectId: teamId,
      changes: details,
    });
    await enqueue(trx, calendarChanged, { organisationId: principal.organisationId, teamId });
  });
}

/**
 * Gives a team business hours unless it has a calendar already (for the demo: running it again
 * keeps what an admin changed since). Returns whether the calendar was stored.
 */
export async function ensureTeamCalendar(
  database: DatabaseHandle,
  organisationId: number,
  teamId: number,
  calendar: BusinessCalendar,
): Promise<boolean> {
  return withTransaction(database, async (trx) => {
    if (await findTeamCalendar(trx, organisationId, teamId)) return false;
    await saveCalendar(trx, organisationId, teamId, calendar, Date.now());
    await recordAudit(trx, {
      organisationId,
      actor: { type: 'system', id: null },
      action: 'team.calendar_changed',
      subjectType: 'team',
      subjectId: teamId,
      changes: { calendar: calendarText(calendar) },
    });
    await enqueue(trx, calendarChanged, { organisationId, teamId });
    return true;
  });
}

export async function replaceTeamCalendar(
  context: AppContext,
  principal: Principal,
  teamId: number,
  input: CalendarText,
): Promise<TeamCalendarView> {
  await calendarOfTeam(context.database.db, principal.organisationId, teamId);
  const parsed = parseCalendar(input);
  if ('problems' in parsed) {
    throw new AppError('validation_failed', 'the calendar is not valid', parsed.problems);
  }
  await store(context, principal, teamId, parsed.calendar, 'team.calendar_changed', {
    calendar: calendarText(parsed.calendar),
  });
  return { teamId, custom: true, calendar: parsed.calendar };
}

/** Adds the holidays of an iCalendar file to the team's calendar (same dates are replaced). */
export async function importTeamHolidays(
  context: AppContext,
  principal: Principal,
  teamId: number,
  ics: string,
): Promise<TeamCalendarView & { imported: number }> {
  if (ics.trim() === '') throw new AppError('validation_failed', 'the iCalendar file is empty');
  const current = await calendarOfTeam(context.database.db, principal.organisationId, teamId);
  const { events, problems } = parseIcal(ics);
  if (problems.length > 0) {
    throw new AppError(
      'validation_failed',
      'the iCalendar file has problems',
      problems.map((problem) => ({ path: `ics/line ${problem.line}`, message: problem.message })),
    );
  }
  if (events.length === 0) {
    throw new AppError('validation_failed', 'the iCalendar file holds no events (VEVENT)');
  }
  const horizonYear = new Date().getUTCFullYear() + yearlyHorizon;
  const { calendar, added } = applyHolidays(current.calendar, events, horizonYear);
  await store(context, principal, teamId, calendar, 'team.holidays_imported', {
    dates: added.map((exception) => exception.date),
  });
  return { teamId, custom: true, calendar, imported: added.length };
}
