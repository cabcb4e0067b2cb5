import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.js';
import type { BusinessCalendar, CalendarException, TimeInterval } from './business-calendar.js';

/** The row's JSON columns were written by saveTeamCalendar from a parsed BusinessCalendar. */
function calendarOfRow(row: { timezone: string; weekly: string; exceptions: string }) {
  return {
    timezone: row.timezone,
    weekly: JSON.parse(row.weekly) as TimeInterval[][],
    exceptions: JSON.parse(row.exceptions) as CalendarException[],
  };
}

/** A team's stored calendar, or undefined when the team keeps the default (open 24/7). */
export async function findTeamCalendar(
  db: Kysely<Database>,
  organisationId: number,
  teamId: number,
): Promise<BusinessCalendar | undefined> {
  const row = await db
    .selectFrom('team_calendars')
    .select(['timezone', 'weekly', 'exceptions'])
    .where('organisation_id', '=', organisationId)
    .where('team_id', '=', teamId)
    .executeTakeFirst();
  return row ? calendarOfRow(row) : undefined;
}

/** All stored calendars of an organisation by team id, for work over many conversations. */
export async function listTeamCalendars(
  db: Kysely<Database>,
  organisationId: number,
): Promise<Map<number, BusinessCalendar>> {
  const rows = await db
    .selectFrom('team_calendars')
    .select(['team_id', 'timezone', 'weekly', 'exceptions'])
    .where('organisation_id', '=', organisationId)
    .execute();
  return new Map(rows.map((row) => [row.team_id, calendarOfRow(row)]));
}

export async function saveTeamCalendar(
  db: Kysely<Database>,
  organisationId: number,
  teamId: number,
  calendar: BusinessCalendar,
  now: number,
): Promise<void> {
  const values = {
    timezone: calendar.timezone,
    weekly: JSON.stringify(calendar.weekly),
    exceptions: JSON.stringify(calendar.exceptions),
    updated_at: now,
  };
  await db
    .insertInto('team_calendars')
    .values({ team_id: teamId, organisation_id: organisationId, ...values })
    .onConflict((conflict) => conflict.column('team_id').doUpdateSet(values))
    .execute();
}
