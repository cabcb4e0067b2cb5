import { describe, expect, it } from 'vitest';
import { retryAfterSeconds, retryDelayMilliseconds } from './webhook-retry.js';

const policy = { baseSeconds: 30, maxSeconds: 3600 };

describe('webhook retry timing', () => {
  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-03-01T12:00:00Z');
    expect(retryAfterSeconds('120', now)).toBe(120);
    expect(retryAfterSeconds('Sun, 01 Mar 2026 12:00:45 GMT', now)).toBe(45);
    expect(retryAfterSeconds('Sun, 01 Mar 2026 11:00:00 GMT', now)).toBe(0);
    expect(retryAfterSeconds('soon', now)).toBeNull();
    expect(retryAfterSeconds(null, now)).toBeNull();
  });

  it('doubles from the base and stops at the cap', () => {
    expect(
      [1, 2, 3, 4].map((attempt) => retryDelayMilliseconds(policy, attempt, 500, null)),
    ).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(retryDelayMilliseconds(policy, 20, 500, null)).toBe(3_600_000);
  });

  it('waits what a 429 or 503 asks, never less than a second nor more than the cap', () => {
    expect(retryDelayMilliseconds(policy, 5, 429, 7)).toBe(7000);
    expect(retryDelayMilliseconds(policy, 1, 503, 0)).toBe(1000);
    expect(retryDelayMilliseconds(policy, 1, 429, 86_400)).toBe(3_600_000);
    // Other statuses do not get to set the pace.
    expect(retryDelayMilliseconds(policy, 1, 500, 7)).toBe(30_000);
  });
});
