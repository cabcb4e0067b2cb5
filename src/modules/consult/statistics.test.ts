import { describe, expect, it } from 'vitest';
import { divergences } from './results.service.js';
import { fisherExact, meanInterval } from './statistics.js';
import { wordDiff } from './word-diff.js';

describe("Fisher's exact test", () => {
  it('matches the textbook tea-tasting table', () => {
    // Fisher's lady tasting tea: [[3, 1], [1, 3]], two-sided p = 0.4857.
    expect(fisherExact(3, 1, 1, 3)).toBeCloseTo(0.4857, 4);
  });
  it('finds a clear split significant and an even one not', () => {
    expect(fisherExact(0, 10, 8, 2)).toBeLessThan(0.001);
    expect(fisherExact(5, 5, 5, 5)).toBeCloseTo(1, 6);
  });
});

describe('mean with a 95% interval', () => {
  it('uses t for small samples', () => {
    // 1, 2, 3, 4, 5: mean 3, sd 1.5811, t(4) = 2.776 → ±1.963.
    const interval = meanInterval(5, 15, 55);
    expect(interval.mean).toBe(3);
    expect(interval.high as number).toBeCloseTo(4.963, 3);
    expect(interval.low as number).toBeCloseTo(1.037, 3);
  });
  it('has no interval for one answer and no mean for none', () => {
    expect(meanInterval(1, 4, 16)).toEqual({ mean: 4, low: null, high: null });
    expect(meanInterval(0, 0, 0).mean).toBeNull();
  });
});

describe('divergence between segments', () => {
  const split = (support: number, oppose: number) => ({
    support,
    support_with_changes: 0,
    oppose,
    block: 0,
  });
  it('alerts only when significant and beyond the threshold, never on "other"', () => {
    const result = divergences(
      [
        { segment: 'Sales', split: split(1, 9) },
        { segment: 'Operations', split: split(9, 1) },
        { segment: 'other', split: split(0, 4) },
      ],
      0.2,
    );
    expect(result).toHaveLength(1);
    expect(result[0]?.alert).toBe(true);
    expect(
      divergences(
        [
          { segment: 'A', split: split(5, 5) },
          { segment: 'B', split: split(6, 4) },
        ],
        0.2,
      )[0]?.alert,
    ).toBe(false);
  });
});

describe('word diff', () => {
  it('marks changed words and joins back to both texts', () => {
    const before = 'Every account pays a fee of 4 euros.';
    const after = 'Every account pays a monthly fee of 2 euros.';
    const segments = wordDiff(before, after);
    expect(
      segments
        .filter((s) => s.kind !== 'insert')
        .map((s) => s.text)
        .join(''),
    ).toBe(before);
    expect(
      segments
        .filter((s) => s.kind !== 'delete')
        .map((s) => s.text)
        .join(''),
    ).toBe(after);
    expect(segments).toContainEqual({ kind: 'delete', text: '4' });
    expect(segments).toContainEqual({ kind: 'insert', text: '2' });
    expect(segments.some((s) => s.kind === 'insert' && s.text.includes('monthly'))).toBe(true);
  });
  it('keeps markup as plain text', () => {
    const segments = wordDiff('<b>old</b>', '<script>x</script>');
    expect(segments.map((s) => s.text).join('')).toContain('<script>');
  });
  it('handles empty texts', () => {
    expect(wordDiff('', 'new text')).toEqual([{ kind: 'insert', text: 'new text' }]);
    expect(wordDiff('same', 'same')).toEqual([{ kind: 'equal', text: 'same' }]);
  });
});
