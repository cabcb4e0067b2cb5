/**
 * Wall-clock arithmetic in IANA timezones with Intl only: instants are UTC epoch milliseconds,
 * local dates are civil day numbers (days since 1970-01-01), so no code depends on the server's
 * own timezone.
 */
const millisecondsPerMinute = 60_000;
export const millisecondsPerDay = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timezone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timezone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timezone, formatter);
  }
  return formatter;
}

/** Offset of `timezone` from UTC at `instant`, in milliseconds (Berlin in summer: +7,200,000). */
export function offsetAt(timezone: string, instant: number): number {
  const whole = Math.floor(instant / 1000) * 1000;
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timezone).formatToParts(whole)) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const asUtc = Date.UTC(
    fields.year as number,
    (fields.month as number) - 1,
    fields.day as number,
    fields.hour as number,
    fields.minute as number,
    fields.second as number,
  );
  return asUtc - whole;
}

export interface LocalTime {
  /** Civil day number of the local date. */
  day: number;
  /** Minutes since local midnight, with fractions. */
  minute: number;
}

export function localTimeOf(timezone: string, instant: number): LocalTime {
  const local = instant + offsetAt(timezone, instant);
  const day = Math.floor(local / millisecondsPerDay);
  return { day, minute: (local - day * millisecondsPerDay) / millisecondsPerMinute };
}

/** 0 = Sunday ... 6 = Saturday, like Date#getUTCDay. */
export function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

export function dayFromIsoDate(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / millisecondsPerDay);
}

export function isoDateFromDay(day: number): string {
  return new Date(day * millisecondsPerDay).toISOString().slice(0, 10);
}

/**
 * The instant at which the wall clock of `timezone` shows `minute` minutes after midnight of
 * local `day` (minute may reach 1440 and beyond: it rolls into the next days). Like Temporal's
 * "compatible" disambiguation: a time skipped by a spring-forward gap moves forward by the gap,
 * and a time that occurs twice at a fall-back takes the earlier occurrence.
 */
export function instantOfLocal(timezone: string, day: number, minute: number): number {
  const wall = day * millisecondsPerDay + minute * millisecondsPerMinute;
  const before = offsetAt(timezone, wall - millisecondsPerDay);
  const after = offsetAt(timezone, wall + millisecondsPerDay);
  const candidates: number[] = [];
  for (const offset of before === after ? [before] : [before, after]) {
    const instant = wall - offset;
    if (offsetAt(timezone, instant) === offset) candidates.push(instant);
  }
  if (candidates.length > 0) return Math.min(...candidates);
  // In a gap: read the wall time with the offset in force before the jump.
  return wall - before;
}
