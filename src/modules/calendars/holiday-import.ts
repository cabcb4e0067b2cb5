import type { BusinessCalendar, CalendarException, TimeInterval } from './business-calendar.js';
import type { IcalEvent, IcalTime } from './ical-parser.js';
import {
  dayFromIsoDate,
  instantOfLocal,
  isoDateFromDay,
  localTimeOf,
  millisecondsPerDay,
  weekdayOf,
} from './zoned-time.js';

/**
 * Turns holiday events into date exceptions of a team calendar. An all-day event closes each of
 * its dates. A timed event (e.g. closing at noon on 24 December) closes that span of the team's
 * local day: the day keeps its usual hours minus the span. Yearly events repeat up to
 * `horizonYear`.
 */
export interface HolidayImportResult {
  calendar: BusinessCalendar;
  added: CalendarException[];
}

/** Local (day, minute) of an iCal time in the team's timezone. */
function localOf(time: IcalTime, timezone: string): { day: number; minute: number } {
  const day = dayFromIsoDate(time.date);
  if (time.kind === 'date') return { day, minute: 0 };
  if (time.kind === 'floating') return { day, minute: time.minute };
  const instant =
    time.timezone === null
      ? day * millisecondsPerDay + time.minute * 60_000
      : instantOfLocal(time.timezone, day, time.minute);
  return localTimeOf(timezone, instant);
}

function subtract(intervals: TimeInterval[], from: number, to: number): TimeInterval[] {
  const result: TimeInterval[] = [];
  for (const interval of intervals) {
    const end = interval.end <= interval.start ? interval.end + 1440 : interval.end;
    if (to <= interval.start || from >= end) {
      result.push(interval);
      continue;
    }
    if (from > interval.start) result.push({ start: interval.start, end: from });
    if (to < end) result.push({ start: to, end: to > 1440 ? to - 1440 : to });
  }
  return result.map((interval) => ({
    start: interval.start,
    end: interval.end > 1440 ? interval.end - 1440 : interval.end,
  }));
}

function shiftYears(date: string, years: number): string | null {
  const year = Number(date.slice(0, 4)) + years;
  const shifted = `${String(year).padStart(4, '0')}${date.slice(4)}`;
  // 29 February exists only in leap years; such an occurrence is skipped.
  return new Date(`${shifted}T00:00:00Z`).toISOString().startsWith(shifted) ? shifted : null;
}

function occurrences(event: IcalEvent, horizonYear: number): IcalEvent[] {
  if (!event.yearly) return [event];
  const result: IcalEvent[] = [];
  const firstYear = Number(event.start.date.slice(0, 4));
  for (let offset = 0; firstYear + offset <= horizonYear; offset++) {
    if (event.yearly.count !== null && offset >= event.yearly.count) break;
    const startDate = shiftYears(event.start.date, offset);
    if (!startDate) continue;
    if (event.yearly.until !== null && startDate > event.yearly.until) break;
    const endDate = event.end ? shiftYears(event.end.date, offset) : null;
    result.push({
      ...event,
      yearly: null,
      start: { ...event.start, date: startDate },
      end: event.end && endDate ? { ...event.end, date: endDate } : null,
    });
  }
  return result;
}

export function applyHolidays(
  calendar: BusinessCalendar,
  events: IcalEvent[],
  horizonYear: number,
): HolidayImportResult {
  const byDate = new Map(calendar.exceptions.map((exception) => [exception.date, exception]));
  const added = new Map<string, CalendarException>();
  const hoursOf = (day: number) =>
    added.get(isoDateFromDay(day))?.intervals ??
    byDate.get(isoDateFromDay(day))?.intervals ??
    calendar.weekly[weekdayOf(day)] ??
    [];
  for (const event of events.flatMap((candidate) => occurrences(candidate, horizonYear))) {
    if (event.start.kind === 'date') {
      const first = dayFromIsoDate(event.start.date);
      const last = event.end ? Math.max(first, dayFromIsoDate(event.end.date) - 1) : first;
      for (let day = first; day <= last; day++) {
        const date = isoDateFromDay(day);
        added.set(date, { date, name: event.summary, intervals: [] });
      }
      continue;
    }
    const start = localOf(event.start, calendar.timezone);
    const end = event.end ? localOf(event.end, calendar.timezone) : start;
    for (let day = start.day; day <= end.day; day++) {
      // Whole minutes, rounded outwards: a closure never leaves a sliver of a minute open.
      const from = day === start.day ? Math.floor(start.minute) : 0;
      const to = day === end.day ? Math.ceil(end.minute) : 1440;
      if (to <= from) continue;
      const date = isoDateFromDay(day);
      added.set(date, { date, name: event.summary, intervals: subtract(hoursOf(day), from, to) });
    }
  }
  for (const [date, exception] of added) byDate.set(date, exception);
  return {
    calendar: {
      ...calendar,
      exceptions: [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date)),
    },
    added: [...added.values()].sort((a, b) => a.date.localeCompare(b.date)),
  };
}
