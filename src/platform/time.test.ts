import { describe, expect, it } from 'vitest';
import { invalidInstant, iso, isValidTimezone } from './time.js';

describe('iso', () => {
  it('writes instants as ISO 8601 in UTC and keeps null', () => {
    expect(iso(Date.UTC(2026, 0, 2, 3, 4, 5))).toBe('2026-01-02T03:04:05.000Z');
    expect(iso(null)).toBeNull();
  });

  it('marks a stored value that is no valid instant instead of throwing', () => {
    expect(iso(Number.NaN)).toBe(invalidInstant);
    expect(iso(1e20)).toBe(invalidInstant);
  });
});

describe('isValidTimezone', () => {
  it('knows IANA timezones only', () => {
    expect(isValidTimezone('Europe/Berlin')).toBe(true);
    expect(isValidTimezone('Mars/Olympus')).toBe(false);
  });
});
