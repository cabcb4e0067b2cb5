import { createLogger, type Logger } from './logger.js';

let logger: Logger | undefined;

/**
 * A stored instant that is not a finite epoch in Date's range (a bad import, a hand-edited row)
 * must not turn one list response into a 500: it leaves the API as this marked value, and the
 * warning in the log says which value it was.
 */
export const invalidInstant = 'invalid-instant';

function reportInvalid(value: unknown): void {
  logger ??= createLogger('warn', process.stderr);
  logger.warn({ value: String(value) }, 'stored instant is not a valid epoch in milliseconds');
}

/** Instants leave the API as ISO 8601 strings in UTC; null stays null. Never throws. */
export function iso(epochMilliseconds: number): string;
export function iso(epochMilliseconds: number | null): string | null;
export function iso(epochMilliseconds: number | null): string | null {
  if (epochMilliseconds === null) return null;
  const date = new Date(epochMilliseconds);
  if (Number.isNaN(date.getTime())) {
    reportInvalid(epochMilliseconds);
    return invalidInstant;
  }
  return date.toISOString();
}

/** Whether `timezone` is an IANA timezone this runtime knows (e.g. Europe/Berlin). */
export function isValidTimezone(timezone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone });
    return true;
  } catch {
    return false;
  }
}
