import { describe, expect, it } from 'vitest';
import type { BusinessCalendar } from '../calendars/index.js';
import {
  type ClockTargets,
  computeClocks,
  type StatusChange,
  type TimelineMessage,
} from './sla-clock.js';

const minute = 60_000;
const hour = 60 * minute;
const t0 = Date.parse('2026-03-02T08:00:00Z'); // a Monday

const inbound = (offset: number): TimelineMessage => ({ at: t0 + offset, direction: 'inbound' });
const reply = (offset: number): TimelineMessage => ({ at: t0 + offset, direction: 'outbound' });
const status = (offset: number, value: StatusChange['status']): StatusChange => ({
  at: t0 + offset,
  status: value,
});

const calendarTime: ClockTargets = {
  firstResponseMs: hour,
  nextResponseMs: 30 * minute,
  resolutionMs: 8 * hour,
  warningPercent: 75,
  calendar: null,
};

describe('SLA clocks', () => {
  it('runs the first-response clock from the first customer message to the first reply after it', () => {
    const clocks = computeClocks(
      [reply(-5 * minute), inbound(0), inbound(10 * minute), reply(40 * minute)],
      [status(0, 'open')],
      calendarTime,
      t0 + 2 * hour,
    );
    expect(clocks.firstResponse).toMatchObject({
      startedAt: t0,
      stoppedAt: t0 + 40 * minute,
      elapsedMs: 40 * minute,
      dueAt: null,
      breached: false,
    });
  });

  it('gives the due time and the 75% warning time of a running clock', () => {
    const clocks = computeClocks([inbound(0)], [status(0, 'open')], calendarTime, t0 + 10 * minute);
    expect(clocks.firstResponse).toMatchObject({
      stoppedAt: null,
      elapsedMs: 10 * minute,
      dueAt: t0 + hour,
      warnAt: t0 + 45 * minute,
      paused: false,
      breached: false,
    });
  });

  it('pauses while pending and resumes where it stopped', () => {
    const changes = [
      status(0, 'open'),
      status(20 * minute, 'pending'),
      status(50 * minute, 'open'),
    ];
    const during = computeClocks([inbound(0)], changes, calendarTime, t0 + 30 * minute);
    expect(during.firstResponse).toMatchObject({
      elapsedMs: 20 * minute,
      paused: true,
      dueAt: null,
    });
    const after = computeClocks([inbound(0)], changes, calendarTime, t0 + 60 * minute);
    // 20 minutes before the pause, 10 after: due 30 minutes later than without the pause.
    expect(after.firstResponse).toMatchObject({
      elapsedMs: 30 * minute,
      paused: false,
      dueAt: t0 + 90 * minute,
    });
  });

  it('marks a breach once the counted time passes the target, even if answered later', () => {
    const late = computeClocks([inbound(0), reply(70 * minute)], [], calendarTime, t0 + 3 * hour);
    expect(late.firstResponse).toMatchObject({
      breached: true,
      dueAt: t0 + hour,
      stoppedAt: t0 + 70 * minute,
    });
  });

  it('starts a next-response cycle at each customer message that follows a reply', () => {
    const clocks = computeClocks(
      [
        inbound(0),
        reply(10 * minute),
        inbound(20 * minute),
        inbound(25 * minute),
        reply(60 * minute),
        inbound(70 * minute),
      ],
      [],
      calendarTime,
      t0 + 80 * minute,
    );
    expect(
      clocks.nextResponses.map((clock) => [
        clock.startedAt - t0,
        clock.stoppedAt === null ? null : clock.stoppedAt - t0,
        clock.breached,
      ]),
    ).toEqual([
      [20 * minute, 60 * minute, true],
      [70 * minute, null, false],
    ]);
    expect(clocks.nextResponses[1]?.dueAt).toBe(t0 + 100 * minute);
  });

  it('stops the resolution clock while resolved and resumes it on reopening', () => {
    const changes = [status(0, 'open'), status(2 * hour, 'resolved'), status(5 * hour, 'open')];
    const resolved = computeClocks([inbound(0)], changes.slice(0, 2), calendarTime, t0 + 3 * hour);
    expect(resolved.resolution).toMatchObject({
      stoppedAt: t0 + 2 * hour,
      elapsedMs: 2 * hour,
      breached: false,
    });
    const reopened = computeClocks(
      [inbound(0), inbound(5 * hour)],
      changes,
      calendarTime,
      t0 + 6 * hour,
    );
    expect(reopened.resolution).toMatchObject({
      stoppedAt: null,
      elapsedMs: 3 * hour,
      dueAt: t0 + 11 * hour,
    });
  });

  it('counts in business hours when the policy says so', () => {
    const nineToFive = { start: 9 * 60, end: 17 * 60 };
    const calendar: BusinessCalendar = {
      timezone: 'UTC',
      weekly: [[], [nineToFive], [nineToFive], [nineToFive], [nineToFive], [nineToFive], []],
      exceptions: [],
    };
    // Friday 16:30: half an hour on Friday, the other half on Monday morning.
    const friday = Date.parse('2026-03-06T16:30:00Z');
    const clocks = computeClocks(
      [{ at: friday, direction: 'inbound' }],
      [],
      { ...calendarTime, calendar },
      friday + minute,
    );
    expect(clocks.firstResponse?.dueAt).toBe(Date.parse('2026-03-09T09:30:00Z'));
    expect(clocks.firstResponse?.warnAt).toBe(Date.parse('2026-03-09T09:15:00Z'));
  });

  it('has no clocks without a customer message', () => {
    expect(computeClocks([reply(0)], [], calendarTime, t0 + hour)).toEqual({
      firstResponse: null,
      nextResponses: [],
      resolution: null,
    });
  });
});
