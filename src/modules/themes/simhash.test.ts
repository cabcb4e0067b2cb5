import { describe, expect, it } from 'vitest';
import { bands, hammingDistance, type Simhash, simhash } from './simhash.js';

const complaint =
  'The new overdraft fee is outrageous and I will close my account unless it is removed today';

describe('simhash', () => {
  it('puts copies with a different mention or link within three bits', () => {
    const original = simhash(`@AcmeBank ${complaint}`);
    const copy = simhash(`@AcmeHelp ${complaint} https://example.com/petition`);
    expect(original).not.toBeNull();
    expect(hammingDistance(original as Simhash, copy as Simhash)).toBeLessThanOrEqual(3);
  });

  it('keeps different complaints far apart', () => {
    const first = simhash(complaint);
    const other = simhash(
      'My parcel was left in the rain and the driver never rang the bell at all',
    );
    expect(hammingDistance(first as Simhash, other as Simhash)).toBeGreaterThan(10);
  });

  it('skips texts too short to tell a campaign from a coincidence', () => {
    expect(simhash('thanks so much!')).toBeNull();
  });

  it('splits the hash into four 16-bit bands, one of which matches for close hashes', () => {
    const hash = { high: 0xdeadbeef, low: 0x01234567 };
    expect(bands(hash)).toEqual([0xdead, 0xbeef, 0x0123, 0x4567]);
    const near = { high: 0xdeadbeef ^ 0b1, low: 0x01234567 ^ 0b11 };
    expect(hammingDistance(hash, near)).toBe(3);
    const shared = bands(hash).filter((band, index) => band === bands(near)[index]);
    expect(shared.length).toBeGreaterThanOrEqual(1);
  });
});
