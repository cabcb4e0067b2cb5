import { dayFromIsoDate, instantOfLocal, localTimeOf, weekdayOf } from './zoned-time.js';

/**
 * Minutes after local midnight. `end <= start` means the shift crosses midnight and ends on the
 * next day (22:00-06:00); `end` may be 1440 (24:00).
 */
export interface TimeInterval {
  start: number;
  end: number;
}

/** A date with other hours than usual: `intervals` empty means closed all day (a holiday). */
export interface CalendarException {
  date: string;
  name: string;
  intervals: TimeInterval[];
}

export interface BusinessCalendar {
  timezone: string;
  /** Seven lists of intervals, Sunday first (the index of Date#getUTCDay). */
  weekly: TimeInterval[][];
  exceptions: CalendarException[];
}

/** Open around the clock: what a team without a calendar of its own uses. */
export function alwaysOpenCalendar(timezone = 'UTC'): BusinessCalendar {
  return {
    timezone,
    weekly: Array.from({ length: 7 }, () => [{ start: 0, end: 1440 }]),
    exceptions: [],
  };
}

/** How far ahead the search for open hours goes before deciding a calendar never opens. */
const searchDays = 3 * 366;

const exceptionIndex = new WeakMap<BusinessCalendar, Map<number, TimeInterval[]>>();

function intervalsOfDay(calendar: BusinessCalendar, day: number): TimeInterval[] {
  let index = exceptionIndex.get(calendar);
  if (!index) {
    index = new Map(
      calendar.exceptions.map((exception) => [dayFromIsoDate(exception.date), exception.intervals]),
    );
    exceptionIndex.set(calendar, index);
  }
  return index.get(day) ?? calendar.weekly[weekdayOf(day)] ?? [];
}

interface Span {
  start: number;
  end: number;
}

/**
 * The open spans of shifts that start on local `day`, as instants, in start order. A shift
 * belongs to the day it starts on: a holiday closes the shifts that start on it, not the tail
 * of the previous night's shift.
 */
function spansOfDay(calendar: BusinessCalendar, day: number): Span[] {
  const spans: Span[] = [];
  for (const interval of intervalsOfDay(calendar, day)) {
    const end = interval.end <= interval.start ? interval.end + 1440 : interval.end;
    const startInstant = instantOfLocal(calendar.timezone, day, interval.start);
    const endInstant = instantOfLocal(calendar.timezone, day, end);
    if (endInstant > startInstant) spans.push({ start: startInstant, end: endInstant });
  }
  return spans.sort((a, b) => a.start - b.start);
}

/**
 * Walks the open time from `from` onwards as disjoint spans in order (overlapping shifts are
 * merged by a cursor), until `visit` returns true or the search horizon ends.
 */
function walkOpenTime(
  calendar: BusinessCalendar,
  from: number,
  visit: (start: number, end: number) => boolean,
): void {
  const firstDay = localTimeOf(calendar.timezone, from).day - 1;
  let cursor = from;
  for (let day = firstDay; day <= firstDay + searchDays; day++) {
    for (const span of spansOfDay(calendar, day)) {
      if (span.end <= cursor) continue;
      const start = Math.max(span.start, cursor);
      cursor = span.end;
      if (visit(start, span.end)) return;
    }
  }
}

export function isOpen(calendar: BusinessCalendar, instant: number): boolean {
  let open = false;
  walkOpenTime(calendar, instant, (start) => {
    open = start <= instant;
    return true;
  });
  return open;
}

/** The first open instant at or after `instant`; null if the calendar never opens again. */
export function nextOpening(calendar: BusinessCalendar, instant: number): number | null {
  let found: number | null = null;
  walkOpenTime(calendar, instant, (start) => {
    found = start;
    return true;
  });
  return found;
}

/** Open milliseconds in [from, to); 0 when `to` is not after `from`. */
export function businessMillisecondsBetween(
  calendar: BusinessCalendar,
  from: number,
  to: number,
): number {
  if (to <= from) return 0;
  let total = 0;
  walkOpenTime(calendar, from, (start, end) => {
    if (start >= to) return true;
    total += Math.min(end, to) - start;
    return end >= to;
  });
  return total;
}

/**
 * The instant at which `duration` open milliseconds have passed since `from` (a due time).
 * A zero duration gives `from` itself; null when the calendar never accumulates that much.
 */
export function addBusinessMilliseconds(
  calendar: BusinessCalendar,
  from: number,
  duration: number,
): number | null {
  if (duration <= 0) return from;
  let remaining = duration;
  let due: number | null = null;
  walkOpenTime(calendar, from, (start, end) => {
    if (end - start >= remaining) {
      due = start + remaining;
      return true;
    }
    remaining -= end - start;
    return false;
  });
  return due;
}
