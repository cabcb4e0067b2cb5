import { describe, expect, it } from 'vitest';
import {
  createProgressBar,
  formatAmount,
  formatDuration,
  renderProgressLine,
} from './progress-bar.js';

function recorder(isTTY: boolean) {
  const written: string[] = [];
  return { written, stream: { isTTY, columns: 100, write: (text: string) => written.push(text) } };
}

describe('renderProgressLine', () => {
  it('shows bar, percentage, amounts, rows, rate and ETA', () => {
    const line = renderProgressLine(
      {
        label: 'reading',
        done: 25 * 1024 * 1024,
        total: 100 * 1024 * 1024,
        unit: 'bytes',
        rows: 50_000,
      },
      10,
      100,
    );
    expect(line).toMatch(
      /^reading +\[#+\.+\] +25% +25\.0 MB\/100\.0 MB +50,000 rows +5,000 rows\/s +ETA 0:30$/,
    );
    expect(line.length).toBeLessThanOrEqual(100);
  });

  it('leaves out the bar for plain lines and when the total is unknown', () => {
    const plain = renderProgressLine({ label: 'reading', done: 10, total: 40, unit: 'rows' }, 2, 0);
    expect(plain).toBe('reading     25%  10/40  5 rows/s  ETA 0:06');
    const unknown = renderProgressLine(
      { label: 'processing', done: 3, total: 0, unit: 'jobs' },
      1,
      80,
    );
    expect(unknown).toBe('processing 3  3 jobs/s');
  });

  it('drops the ETA and the rate rather than cut a number on a narrow terminal', () => {
    const state = {
      label: 'reading',
      done: 5_000_000,
      total: 9_000_000,
      unit: 'bytes',
      rows: 123_456,
    } as const;
    const line = renderProgressLine(state, 10, 50);
    expect(line).toBe('reading     55%  4.8 MB/8.6 MB  123,456 rows');
  });
});

describe('createProgressBar', () => {
  it('redraws one line on a terminal, at most ten times a second, and clears it at the end', () => {
    let now = 0;
    const { written, stream } = recorder(true);
    const bar = createProgressBar(stream, { now: () => now });
    bar.update({ label: 'reading', done: 1, total: 10, unit: 'rows' });
    now = 50;
    bar.update({ label: 'reading', done: 2, total: 10, unit: 'rows' });
    now = 150;
    bar.update({ label: 'reading', done: 3, total: 10, unit: 'rows' });
    bar.update({ label: 'processing', done: 0, total: 2, unit: 'jobs' });
    bar.finish();
    expect(written).toHaveLength(4);
    expect(written.slice(0, 3).every((text) => text.startsWith('\r') && !text.includes('\n'))).toBe(
      true,
    );
    expect(written[3]).toBe('\r\u001b[K');
  });

  it('prints an occasional full line when not on a terminal', () => {
    let now = 0;
    const { written, stream } = recorder(false);
    const bar = createProgressBar(stream, { now: () => now, plainIntervalMilliseconds: 5000 });
    for (now = 0; now <= 12_000; now += 500) {
      bar.update({ label: 'reading', done: now, total: 20_000, unit: 'bytes' });
    }
    bar.finish();
    expect(written).toHaveLength(2);
    expect(written.every((text) => text.endsWith('\n') && !text.includes('\r'))).toBe(true);
  });
});

describe('formatting', () => {
  it('formats sizes and durations', () => {
    expect(formatAmount(512, 'bytes')).toBe('512 B');
    expect(formatAmount(1536, 'bytes')).toBe('1.5 KB');
    expect(formatAmount(1234567, 'rows')).toBe('1,234,567');
    expect(formatDuration(7)).toBe('0:07');
    expect(formatDuration(750)).toBe('12:30');
    expect(formatDuration(3723)).toBe('1:02:03');
  });
});
