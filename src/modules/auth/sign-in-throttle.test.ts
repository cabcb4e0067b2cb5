import { describe, expect, it } from 'vitest';
import { addressKey, countersOf, delayAfter, type ThrottlePolicy } from './sign-in-throttle.js';

const policy: ThrottlePolicy = {
  maxFailures: 5,
  accountMaxFailures: 20,
  addressMaxFailures: 100,
  firstDelayMilliseconds: 30_000,
  maxDelayMilliseconds: 15 * 60_000,
};

describe('sign-in throttle rules', () => {
  it('lets failures below the limit pass, then doubles the delay up to its cap', () => {
    expect(delayAfter(4, 5, policy)).toBe(0);
    expect(delayAfter(5, 5, policy)).toBe(30_000);
    expect(delayAfter(6, 5, policy)).toBe(60_000);
    expect(delayAfter(9, 5, policy)).toBe(480_000);
    expect(delayAfter(10, 5, policy)).toBe(15 * 60_000);
    expect(delayAfter(1_000_000, 5, policy)).toBe(15 * 60_000);
  });

  it('counts a stranger per account, per account and address, and per address', () => {
    const counters = countersOf(
      { accountKey: 'k', address: '203.0.113.9', knownBrowserHash: null },
      policy,
    );
    expect(counters.map((counter) => [counter.scope, counter.subject, counter.limit])).toEqual([
      ['account', 'k', 20],
      ['account_address', 'k|203.0.113.9', 5],
      ['address', '203.0.113.9', 100],
    ]);
  });

  it("counts a known browser only in its own counter, so others' failures never hold it back", () => {
    const counters = countersOf(
      { accountKey: 'k', address: '203.0.113.9', knownBrowserHash: 'b' },
      policy,
    );
    expect(counters.map((counter) => [counter.scope, counter.subject, counter.limit])).toEqual([
      ['browser', 'b', 5],
    ]);
  });

  it('keys addresses so that one subscriber cannot rotate through them', () => {
    expect(addressKey('203.0.113.9')).toBe('203.0.113.9');
    expect(addressKey('::ffff:203.0.113.9')).toBe('203.0.113.9');
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
  });
});
