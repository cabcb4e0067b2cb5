import { describe, expect, it } from 'vitest';
import { baseline, comparableHours, judge } from './spike-detector.js';
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

function detect(counts: Map<number, number>) {
  const found: number[] = [];
  for (const [at, count] of counts) {
    const base = baseline(at, start, (past) => counts.get(past) ?? 0);
    if (judge(count, base, at, start).spike) found.push(at);
  }
  return found;
}

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
});
