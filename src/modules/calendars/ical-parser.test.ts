import { describe, expect, it } from 'vitest';
import type { BusinessCalendar } from './business-calendar.js';
import { applyHolidays } from './holiday-import.js';
import { parseIcal } from './ical-parser.js';

const ics = (...lines: string[]) =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', ...lines, 'END:VCALENDAR'].join('\r\n');

const nineToFive = { start: 540, end: 1020 };
const berlin: BusinessCalendar = {
  timezone: 'Europe/Berlin',
  weekly: [[], [nineToFive], [nineToFive], [nineToFive], [nineToFive], [nineToFive], []],
  exceptions: [],
};

describe('iCalendar holidays', () => {
  it('reads all-day events, folded lines, escapes, date-times and yearly rules', () => {
    const { events, problems } = parseIcal(
      ics(
        'BEGIN:VTIMEZONE',
        'TZID:Europe/Berlin',
        'BEGIN:STANDARD',
        'DTSTART:19701025T030000',
        'END:STANDARD',
        'END:VTIMEZONE',
        'BEGIN:VEVENT',
        'UID:1',
        'DTSTART;VALUE=DATE:20261225',
        'DTEND;VALUE=DATE:20261227',
        'SUMMARY:Christmas\\, and',
        '  Boxing Day',
        'BEGIN:VALARM',
        'TRIGGER:-PT15M',
        'END:VALARM',
        'END:VEVENT',
        'BEGIN:VEVENT',
        'DTSTART;TZID=Europe/Berlin:20261224T120000',
        'DTEND;TZID=Europe/Berlin:20261224T170000',
        'SUMMARY:Christmas Eve afternoon',
        'END:VEVENT',
        'BEGIN:VEVENT',
        'DTSTART;VALUE=DATE:20260101',
        'RRULE:FREQ=YEARLY;COUNT=3',
        'SUMMARY:New Year',
        'END:VEVENT',
        'BEGIN:VEVENT',
        'DTSTART:20261231T110000Z',
        'DTEND:20261231T160000Z',
        'END:VEVENT',
      ),
    );
    expect(problems).toEqual([]);
    expect(events).toHaveLength(4);
    expect(events[0]).toMatchObject({
      summary: 'Christmas, and Boxing Day',
      start: { kind: 'date', date: '2026-12-25' },
      end: { kind: 'date', date: '2026-12-27' },
    });
    expect(events[1]?.start).toEqual({
      kind: 'date-time',
      date: '2026-12-24',
      minute: 720,
      timezone: 'Europe/Berlin',
    });
    expect(events[2]?.yearly).toEqual({ count: 3, until: null });
    expect(events[3]?.summary).toBe('Holiday');

    const { calendar, added } = applyHolidays(berlin, events, 2030);
    expect(added.map((exception) => exception.date)).toEqual([
      '2026-01-01',
      '2026-12-24',
      '2026-12-25',
      '2026-12-26',
      '2026-12-31',
      '2027-01-01',
      '2028-01-01',
    ]);
    const byDate = new Map(calendar.exceptions.map((exception) => [exception.date, exception]));
    expect(byDate.get('2026-12-25')?.intervals).toEqual([]);
    // Closed from noon: the morning stays open.
    expect(byDate.get('2026-12-24')?.intervals).toEqual([{ start: 540, end: 720 }]);
    // 11:00Z-16:00Z is 12:00-17:00 in Berlin in winter.
    expect(byDate.get('2026-12-31')?.intervals).toEqual([{ start: 540, end: 720 }]);
  });

  it('reports every problem with its line', () => {
    const { problems } = parseIcal(
      ics(
        'BEGIN:VEVENT',
        'SUMMARY:no start',
        'END:VEVENT',
        'BEGIN:VEVENT',
        'DTSTART;VALUE=DATE:20261345',
        'END:VEVENT',
        'BEGIN:VEVENT',
        'DTSTART;VALUE=DATE:20260406',
        'RRULE:FREQ=WEEKLY',
        'END:VEVENT',
        'BEGIN:VEVENT',
        'DTSTART;TZID=Eastern Standard Time:20260406T090000',
        'END:VEVENT',
        'this line has no colon',
      ),
    );
    expect(problems).toEqual([
      { line: 4, message: 'VEVENT without DTSTART' },
      { line: 8, message: 'DTSTART "20261345" is not a date like 20261225' },
      { line: 12, message: 'only yearly repeating events are supported, found RRULE:FREQ=WEEKLY' },
      {
        line: 15,
        message:
          'TZID "Eastern Standard Time" is not an IANA timezone (use names like Europe/Berlin)',
      },
      { line: 17, message: 'expected NAME:value, found "this line has no colon"' },
    ]);
  });

  it('rejects what is not a calendar, and unclosed components', () => {
    expect(parseIcal('hello').problems[0]?.message).toContain('BEGIN:VCALENDAR');
    expect(parseIcal('').problems).toHaveLength(1);
    expect(parseIcal('BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20260101\n').problems).toEqual([
      { line: 3, message: 'BEGIN:VEVENT is never closed' },
    ]);
  });
});
