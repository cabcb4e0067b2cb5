import { describe, expect, it } from 'vitest';
import { BucketIndex } from './bucket-index.js';
import { expNonPositive } from './fast-exp.js';
import { WORD_SEED } from './feature-hashing.js';
import { fnvString } from './hashing.js';
import { WordTable } from './word-table.js';

describe('expNonPositive', () => {
  it('matches Math.exp within 2e-7 relative error down to e^-700 (below, doubles lose precision anyway)', () => {
    for (let x = -700; x <= 0; x += 0.0371) {
      const exact = Math.exp(x);
      expect(Math.abs(expNonPositive(x) - exact) / exact).toBeLessThan(2e-7);
    }
    expect(expNonPositive(0)).toBe(1);
    expect(expNonPositive(-1000)).toBe(0);
  });
});

describe('BucketIndex', () => {
  it('numbers the used buckets in ascending order and rejects the others', () => {
    const used = [0, 31, 32, 33, 1000, 65_535];
    const index = new BucketIndex(16, used);
    expect(index.size).toBe(used.length);
    used.forEach((bucket, row) => {
      expect(index.rowOf(bucket)).toBe(row);
    });
    for (const unused of [1, 30, 34, 999, 65_534]) expect(index.rowOf(unused)).toBe(-1);
  });
});

describe('WordTable', () => {
  it('finds words by hash and characters, and confirms the characters', () => {
    const table = new WordTable(['not', 'never', 'no'], WORD_SEED);
    const chars = Uint16Array.from('xnevery', (character) => character.charCodeAt(0));
    expect(table.lookup(fnvString('never', WORD_SEED), chars, 1, 6)).toBeGreaterThanOrEqual(0);
    expect(table.lookup(fnvString('every', WORD_SEED), chars, 2, 7)).toBe(-1);
    // A matching hash with other characters (a collision) is not a match.
    expect(table.lookup(fnvString('never', WORD_SEED), chars, 2, 7)).toBe(-1);
  });
});
