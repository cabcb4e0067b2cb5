import { describe, expect, it } from 'vitest';
import {
  addBusinessMilliseconds,
  alwaysOpenCalendar,
  type BusinessCalendar,
  businessMillisecondsBetween,
  isOpen,
  nextOpening,
  type TimeInterval,
} from './business-calendar.js';
import { instantOfLocal, localTimeOf, offsetAt } from './zoned-time.js';

const hour = 3_600_000;
const at = (iso: string) => Date.parse(iso);
const hours = (start: number, end: number): TimeInterval => ({ start: start * 60, end: end * 60 });

/** Monday to Friday with the same intervals. */
function weekdays(timezone: string, intervals: TimeInterval[], exceptions = []): BusinessCalendar {
  return {
    timezone,
    weekly: [[], intervals, intervals, intervals, intervals, intervals, []],
    exceptions,
  };
}

describe('zoned time', () => {
  it('reads offsets on both sides of the Berlin and Sydney transitions', () => {
    expect(offsetAt('Europe/Berlin', at('2026-03-29T00:59:59Z'))).toBe(hour);
    expect(offsetAt('Europe/Berlin', at('2026-03-29T01:00:00Z'))).toBe(2 * hour);
    expect(offsetAt('Australia/Sydney', at('2026-04-04T15:59:59Z'))).toBe(11 * hour);
    expect(offsetAt('Australia/Sydney', at('2026-04-04T16:00:00Z'))).toBe(10 * hour);
  });

  it('maps wall times in a gap forward and ambiguous ones to the earlier instant', () => {
    const day = localTimeOf('Europe/Berlin', at('2026-03-29T12:00:00Z')).day;
    // 02:30 does not exist on 29 March in Berlin: it reads as 03:30 CEST.
    expect(instantOfLocal('Europe/Berlin', day, 150)).toBe(at('2026-03-29T01:30:00Z'));
    const autumn = localTimeOf('Europe/Berlin', at('2026-10-25T12:00:00Z')).day;
    // 02:30 happens twice on 25 October: the first one, still CEST.
    expect(instantOfLocal('Europe/Berlin', autumn, 150)).toBe(at('2026-10-25T00:30:00Z'));
  });
});

describe('business hours in Europe/Berlin', () => {
  const berlin = weekdays('Europe/Berlin', [hours(9, 17)]);

  it('opens at 09:00 local time before and after the spring change', () => {
    expect(isOpen(berlin, at('2026-03-23T08:00:00Z'))).toBe(true);
    expect(isOpen(berlin, at('2026-03-23T07:59:59Z'))).toBe(false);
    expect(isOpen(berlin, at('2026-03-30T07:00:00Z'))).toBe(true);
    expect(isOpen(berlin, at('2026-03-30T06:59:59Z'))).toBe(false);
    expect(isOpen(berlin, at('2026-03-28T10:00:00Z'))).toBe(false); // Saturday
  });

  it('counts only open time across the DST weekend', () => {
    // Friday 16:00 CET to Monday 10:00 CEST: one hour each side.
    expect(
      businessMillisecondsBetween(berlin, at('2026-03-27T15:00:00Z'), at('2026-03-30T08:00:00Z')),
    ).toBe(2 * hour);
    expect(addBusinessMilliseconds(berlin, at('2026-10-23T14:00:00Z'), 3 * hour)).toBe(
      at('2026-10-26T10:00:00Z'),
    ); // Friday 16:00 CEST + 3h = Monday 11:00 CET
  });

  it('measures real elapsed time on a 24/7 calendar: 47 hours in March, 49 in October', () => {
    const always = alwaysOpenCalendar('Europe/Berlin');
    const saturday = localTimeOf('Europe/Berlin', at('2026-03-28T12:00:00Z')).day;
    const from = instantOfLocal('Europe/Berlin', saturday, 0);
    const to = instantOfLocal('Europe/Berlin', saturday + 2, 0);
    expect(businessMillisecondsBetween(always, from, to)).toBe(47 * hour);
    const october = localTimeOf('Europe/Berlin', at('2026-10-24T12:00:00Z')).day;
    expect(
      businessMillisecondsBetween(
        always,
        instantOfLocal('Europe/Berlin', october, 0),
        instantOfLocal('Europe/Berlin', october + 2, 0),
      ),
    ).toBe(49 * hour);
  });

  it('runs a night shift across midnight and across the clock changes', () => {
    const nights: BusinessCalendar = {
      timezone: 'Europe/Berlin',
      weekly: Array.from({ length: 7 }, () => [hours(22, 6)]),
      exceptions: [],
    };
    // Saturday 22:00 CET to Sunday 06:00 CEST is 7 real hours; in October 9.
    expect(
      businessMillisecondsBetween(nights, at('2026-03-28T12:00:00Z'), at('2026-03-29T12:00:00Z')),
    ).toBe(7 * hour);
    expect(
      businessMillisecondsBetween(nights, at('2026-10-24T12:00:00Z'), at('2026-10-25T12:00:00Z')),
    ).toBe(9 * hour);
    expect(isOpen(nights, at('2026-03-29T03:00:00Z'))).toBe(true); // 05:00 CEST
    expect(isOpen(nights, at('2026-03-29T04:00:00Z'))).toBe(false); // 06:00 CEST
    expect(nextOpening(nights, at('2026-03-29T04:00:00Z'))).toBe(at('2026-03-29T20:00:00Z'));
  });

  it('keeps only the real part of an interval that falls into the spring gap', () => {
    const sunday: BusinessCalendar = {
      timezone: 'Europe/Berlin',
      weekly: [[hours(2, 4)], [], [], [], [], [], []],
      exceptions: [],
    };
    expect(
      businessMillisecondsBetween(sunday, at('2026-03-28T00:00:00Z'), at('2026-03-30T00:00:00Z')),
    ).toBe(hour);
    expect(
      businessMillisecondsBetween(sunday, at('2026-10-24T00:00:00Z'), at('2026-10-26T00:00:00Z')),
    ).toBe(3 * hour);
  });
});

describe('business hours in Australia/Sydney', () => {
  const sydney = weekdays('Australia/Sydney', [hours(9, 17)]);

  it('moves a due time over the April change (AEDT to AEST)', () => {
    // Friday 3 April 16:00 AEDT + 2 business hours = Monday 6 April 10:00 AEST.
    expect(addBusinessMilliseconds(sydney, at('2026-04-03T05:00:00Z'), 2 * hour)).toBe(
      at('2026-04-06T00:00:00Z'),
    );
  });

  it('moves a due time over the October change (AEST to AEDT)', () => {
    // Friday 2 October 16:00 AEST + 2 business hours = Monday 5 October 10:00 AEDT.
    expect(addBusinessMilliseconds(sydney, at('2026-10-02T06:00:00Z'), 2 * hour)).toBe(
      at('2026-10-04T23:00:00Z'),
    );
    expect(
      businessMillisecondsBetween(sydney, at('2026-10-02T06:00:00Z'), at('2026-10-04T23:00:00Z')),
    ).toBe(2 * hour);
  });
});

describe('split shifts, holidays and special hours', () => {
  const calendar: BusinessCalendar = {
    ...weekdays('UTC', [hours(9, 12), hours(13, 17)]),
    exceptions: [
      { date: '2026-12-24', name: 'Christmas Eve', intervals: [hours(9, 12)] },
      { date: '2026-12-25', name: 'Christmas Day', intervals: [] },
    ],
  };

  it('skips the lunch break', () => {
    expect(addBusinessMilliseconds(calendar, at('2026-12-21T11:00:00Z'), 2 * hour)).toBe(
      at('2026-12-21T14:00:00Z'),
    );
    expect(isOpen(calendar, at('2026-12-21T12:30:00Z'))).toBe(false);
    expect(nextOpening(calendar, at('2026-12-21T12:30:00Z'))).toBe(at('2026-12-21T13:00:00Z'));
  });

  it('closes on holidays and uses the special hours of a date', () => {
    expect(isOpen(calendar, at('2026-12-24T14:00:00Z'))).toBe(false);
    expect(nextOpening(calendar, at('2026-12-24T12:00:00Z'))).toBe(at('2026-12-28T09:00:00Z'));
    expect(
      businessMillisecondsBetween(calendar, at('2026-12-24T00:00:00Z'), at('2026-12-28T10:00:00Z')),
    ).toBe(4 * hour);
  });

  it('returns the instant itself when open, and zero durations unchanged', () => {
    expect(nextOpening(calendar, at('2026-12-21T10:00:00Z'))).toBe(at('2026-12-21T10:00:00Z'));
    expect(addBusinessMilliseconds(calendar, at('2026-12-21T20:00:00Z'), 0)).toBe(
      at('2026-12-21T20:00:00Z'),
    );
    expect(
      businessMillisecondsBetween(calendar, at('2026-12-22T00:00:00Z'), at('2026-12-21T00:00:00Z')),
    ).toBe(0);
  });

  it('lets a holiday close the shifts that start on it, not the tail of the night before', () => {
    const nights: BusinessCalendar = {
      timezone: 'UTC',
      weekly: Array.from({ length: 7 }, () => [hours(22, 6)]),
      exceptions: [{ date: '2026-12-26', name: 'Boxing Day', intervals: [] }],
    };
    expect(isOpen(nights, at('2026-12-26T03:00:00Z'))).toBe(true);
    expect(isOpen(nights, at('2026-12-26T23:00:00Z'))).toBe(false);
    expect(isOpen(nights, at('2026-12-27T23:00:00Z'))).toBe(true);
  });

  it('finds no due time on a calendar that never opens again', () => {
    const closed: BusinessCalendar = {
      timezone: 'UTC',
      weekly: Array.from({ length: 7 }, () => []),
      exceptions: [],
    };
    expect(addBusinessMilliseconds(closed, at('2026-01-01T00:00:00Z'), hour)).toBeNull();
    expect(nextOpening(closed, at('2026-01-01T00:00:00Z'))).toBeNull();
    expect(isOpen(closed, at('2026-01-01T00:00:00Z'))).toBe(false);
  });

  it('adds then measures back the same duration, for many starts and durations', () => {
    const zones = ['Europe/Berlin', 'Australia/Sydney', 'America/Chicago'];
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let round = 0; round < 60; round++) {
      const zone = zones[round % zones.length] as string;
      const shifted: BusinessCalendar = {
        timezone: zone,
        weekly: [
          [],
          [hours(8, 12), hours(22, 2)],
          [hours(9, 17)],
          [hours(9, 17)],
          [hours(9, 17)],
          [hours(9, 17)],
          [hours(10, 14)],
        ],
        exceptions: [{ date: '2026-10-05', name: 'closed', intervals: [] }],
      };
      const from =
        at('2026-03-20T00:00:00Z') +
        Math.floor(random() * 240 * 24) * hour +
        Math.floor(random() * 3_600_000);
      const duration = Math.floor(random() * 40 * hour);
      const due = addBusinessMilliseconds(shifted, from, duration) as number;
      expect(businessMillisecondsBetween(shifted, from, due)).toBe(duration);
    }
  });
});
