import type { FieldProblem } from '../../platform/errors.js';
import { isValidTimezone } from '../../platform/time.js';
import type { BusinessCalendar, CalendarException, TimeInterval } from './business-calendar.js';

/**
 * The calendar as the API and the database write it: weekday names and "HH:MM" times, which
 * people can read and edit, turned into the minute-based model of business-calendar.ts and back.
 */
export const weekdayNames = [
  'sunday',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
] as const;
export type WeekdayName = (typeof weekdayNames)[number];

export interface HoursText {
  start: string;
  end: string;
}

export interface CalendarText {
  timezone: string;
  weekly: Partial<Record<WeekdayName, HoursText[]>>;
  exceptions: { date: string; name: string; hours: HoursText[] }[];
}

const clock = /^([01]\d|2[0-4]):([0-5]\d)$/;

function minutesOf(text: string): number | null {
  const match = clock.exec(text);
  if (!match) return null;
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  return minutes > 1440 ? null : minutes;
}

function clockText(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  return `${String(hours).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

function parseHours(hours: HoursText[], path: string, problems: FieldProblem[]): TimeInterval[] {
  const intervals: TimeInterval[] = [];
  hours.forEach((entry, index) => {
    const start = minutesOf(entry.start);
    const end = minutesOf(entry.end);
    if (start === null || start === 1440) {
      problems.push({ path: `${path}/${index}/start`, message: 'use a time from 00:00 to 23:59' });
    }
    if (end === null || end === 0) {
      problems.push({ path: `${path}/${index}/end`, message: 'use a time from 00:01 to 24:00' });
    }
    if (start === null || end === null || start === 1440 || end === 0) return;
    if (start === end) {
      problems.push({ path: `${path}/${index}`, message: 'start and end are the same time' });
      return;
    }
    intervals.push({ start, end });
  });
  return intervals;
}

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar day between 1970 and 2099 (`0000-00-00` and `2026-02-30` are not). */
function isIsoDate(text: string): boolean {
  if (!isoDate.test(text)) return false;
  const instant = Date.parse(`${text}T00:00:00Z`);
  if (Number.isNaN(instant)) return false;
  const year = Number(text.slice(0, 4));
  return year >= 1970 && year <= 2099 && new Date(instant).toISOString().startsWith(text);
}

/** Parses and validates; returns the calendar or every problem found, with its path. */
export function parseCalendar(
  input: CalendarText,
  pathPrefix = 'body',
): { calendar: BusinessCalendar } | { problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  if (!isValidTimezone(input.timezone)) {
    problems.push({
      path: `${pathPrefix}/timezone`,
      message: 'use an IANA timezone such as Europe/Berlin',
    });
  }
  const weekly = weekdayNames.map((name) =>
    parseHours(input.weekly[name] ?? [], `${pathPrefix}/weekly/${name}`, problems),
  );
  if (weekly.every((intervals) => intervals.length === 0) && problems.length === 0) {
    problems.push({
      path: `${pathPrefix}/weekly`,
      message: 'a calendar needs open hours on at least one weekday',
    });
  }
  const seen = new Set<string>();
  const exceptions: CalendarException[] = [];
  input.exceptions.forEach((exception, index) => {
    const path = `${pathPrefix}/exceptions/${index}`;
    if (!isIsoDate(exception.date)) {
      problems.push({ path: `${path}/date`, message: 'use a date like 2026-12-25' });
      return;
    }
    if (seen.has(exception.date)) {
      problems.push({ path: `${path}/date`, message: 'this date is listed twice' });
      return;
    }
    seen.add(exception.date);
    exceptions.push({
      date: exception.date,
      name: exception.name,
      intervals: parseHours(exception.hours, `${path}/hours`, problems),
    });
  });
  if (problems.length > 0) return { problems };
  exceptions.sort((a, b) => a.date.localeCompare(b.date));
  return { calendar: { timezone: input.timezone, weekly, exceptions } };
}

function hoursText(intervals: TimeInterval[]): HoursText[] {
  return intervals.map((interval) => ({
    start: clockText(interval.start),
    end: clockText(interval.end),
  }));
}

export function calendarText(calendar: BusinessCalendar): CalendarText {
  const weekly: CalendarText['weekly'] = {};
  weekdayNames.forEach((name, index) => {
    weekly[name] = hoursText(calendar.weekly[index] ?? []);
  });
  return {
    timezone: calendar.timezone,
    weekly,
    exceptions: calendar.exceptions.map((exception) => ({
      date: exception.date,
      name: exception.name,
      hours: hoursText(exception.intervals),
    })),
  };
}
