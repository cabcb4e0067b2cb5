import { describe, expect, it } from 'vitest';
import {
  allComparableHours,
  baseline,
  comparableHours,
  defaultDetectorOptions,
  judge,
  levelFactor,
} from './spike-detector.js';
import { mostSpecific } from './volume-series.js';

const hour = 3_600_000;
const start = Date.parse('2026-01-05T00:00:00Z'); // a Monday

/** Four weeks with a daily rhythm (busy days, quiet nights, quieter weekends), and one spike. */
function series(spikeAt: number, spikeSize: number): Map<number, number> {
  const counts = new Map<number, number>();
  for (let index = 0; index < 28 * 24; index++) {
    const at = start + index * hour;
    const hourOfDay = index % 24;
    const weekend = Math.floor(index / 24) % 7 >= 5;
    const level = hourOfDay >= 8 && hourOfDay < 20 ? (weekend ? 6 : 14) : 2;
    counts.set(at, level + ((index * 7) % 3) + (at === spikeAt ? spikeSize : 0));
  }
  return counts;
}

function detect(counts: Map<number, number>, options = defaultDetectorOptions) {
  const found: number[] = [];
  for (const [at, count] of counts) {
    const base = baseline(at, start, (past) => counts.get(past) ?? 0, options);
    if (judge(count, base, at, start, options).spike) found.push(at);
  }
  return found;
}

/** Ten days of a daily rhythm whose volume triples from day 6 on, as when a topic takes off. */
function stepUp(spikeAt: number, spikeSize: number): Map<number, number> {
  const counts = new Map<number, number>();
  for (let index = 0; index < 10 * 24; index++) {
    const at = start + index * hour;
    const hourOfDay = index % 24;
    const level = hourOfDay >= 8 && hourOfDay < 20 ? 8 + ((index * 7) % 3) : 2;
    counts.set(at, level * (index >= 5 * 24 ? 3 : 1) + (at === spikeAt ? spikeSize : 0));
  }
  return counts;
}

const withoutLevel = { ...defaultDetectorOptions, levelWindowHours: 0 };

describe('spike detector', () => {
  it('finds an injected spike and nothing else in a seasonal series', () => {
    const spikeAt = start + (21 * 24 + 15) * hour; // week 4, Monday 15:00
    expect(detect(series(spikeAt, 40))).toEqual([spikeAt]);
  });

  it('does not alert on the daily rhythm or on a spike below the minimum count', () => {
    expect(detect(series(0, 0))).toEqual([]);
    const quietNight = start + (22 * 24 + 3) * hour; // 03:00, normally 2-4 messages
    expect(detect(series(quietNight, 5))).toEqual([]);
  });

  it('uses the same hour of the week once two weeks exist, the same hour of day before', () => {
    expect(comparableHours(start + 15 * 24 * hour, start).basis).toBe('hour_of_week');
    expect(comparableHours(start + 5 * 24 * hour, start).basis).toBe('hour_of_day');
    expect(comparableHours(start + 30 * hour, start).basis).toBe('recent_hours');
  });

  it('stays silent during the warm-up of a new organisation', () => {
    const base = baseline(start + 5 * hour, start, () => 0);
    expect(judge(50, base, start + 5 * hour, start).spike).toBe(false);
  });

  it('keeps the most specific series of one backlash', () => {
    const account = { channelAccountId: 1, themeId: null, sentiment: 'all' as const };
    const theme = { channelAccountId: null, themeId: 7, sentiment: 'all' as const };
    const both = { channelAccountId: 1, themeId: 7, sentiment: 'negative' as const };
    const other = { channelAccountId: 2, themeId: null, sentiment: 'all' as const };
    const kept = mostSpecific([
      { key: account, count: 60, expected: 10 },
      { key: theme, count: 45, expected: 1 },
      { key: both, count: 40, expected: 0 },
      { key: other, count: 30, expected: 2 },
    ]);
    expect(kept.map((spike) => spike.key)).toEqual([both, other]);
  });

  it('follows a new level instead of alerting on every busy hour for days', () => {
    const dayOf = (at: number) => Math.floor((at - start) / (24 * hour));
    // The hour-of-day median alone remembers the old level until most of its 7 days are new.
    const plain = detect(stepUp(0, 0), withoutLevel).map(dayOf);
    expect(new Set(plain)).toEqual(new Set([5, 6, 7, 8]));
    // With the level, only the day the volume tripled alerts (that change is news).
    expect(new Set(detect(stepUp(0, 0)).map(dayOf))).toEqual(new Set([5]));
    const spikeAt = start + (8 * 24 + 14) * hour; // day 9, 14:00: ~27 expected
    expect(detect(stepUp(spikeAt, 60)).filter((at) => dayOf(at) > 5)).toEqual([spikeAt]);
  });

  it('measures the level robustly: an earlier spike does not raise it, and it never lowers', () => {
    const flat = series(0, 0);
    const at = start + (21 * 24 + 15) * hour;
    const countAt = (past: number) => flat.get(past) ?? 0;
    expect(levelFactor(at, start, 'hour_of_week', countAt)).toBeCloseTo(1, 1);
    // Three hours at ten times the usual volume two hours ago: one block of eight moves.
    const spiked = new Map(flat);
    for (const n of [2, 3, 4]) spiked.set(at - n * hour, (flat.get(at - n * hour) ?? 0) * 10);
    expect(levelFactor(at, start, 'hour_of_week', (past) => spiked.get(past) ?? 0)).toBeLessThan(
      1.2,
    );
    // A quiet day (half the volume) does not make the next ordinary hour a spike.
    const quiet = (past: number) => (past >= at - 24 * hour ? 0.5 : 1) * countAt(past);
    expect(levelFactor(at, start, 'hour_of_week', quiet)).toBe(1);
    // The previous 24 hours are a level already; a sparse series has none.
    expect(levelFactor(at, start, 'recent_hours', () => 50)).toBe(1);
    expect(levelFactor(at, start, 'hour_of_week', (past) => (past === at - hour ? 40 : 0))).toBe(1);
  });

  it('scales the expected count and its spread by the level, and fetches the hours it reads', () => {
    const doubled = stepUp(0, 0);
    const at = start + (7 * 24 + 12) * hour;
    const base = baseline(at, start, (past) => doubled.get(past) ?? 0);
    const plain = baseline(at, start, (past) => doubled.get(past) ?? 0, withoutLevel);
    expect(base.basis).toBe('hour_of_day');
    expect(base.level).toBeGreaterThan(1.5);
    expect(base.expected).toBeCloseTo(plain.expected * base.level, 0);
    const needed = new Set(allComparableHours(at, start));
    const read: number[] = [];
    baseline(at, start, (past) => {
      read.push(past);
      return doubled.get(past) ?? 0;
    });
    expect(read.filter((past) => !needed.has(past))).toEqual([]);
  });
});
