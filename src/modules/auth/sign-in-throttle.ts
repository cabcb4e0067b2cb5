import { isIPv4, isIPv6 } from 'node:net';
import type { Config } from '../../platform/config.js';

/**
 * The sign-in throttle's rules, without storage. Every attempt is counted, before its password is
 * checked, in each counter it belongs to; once a counter reaches its limit, attempts in it wait a
 * delay that doubles with each further failure, up to a cap. No counter ever refuses the owner's
 * own browser for someone else's failures:
 *
 * - `account_address`: one account from one address (tight). Only that pair waits.
 * - `account`: one account from anywhere (looser), for guessing spread over many addresses.
 * - `address`: one address against any accounts (loosest), for spraying one password everywhere.
 * - `browser`: one account from a browser that signed in to it before. Such a browser is counted
 *   only here, so failures by others (the three counters above) never hold it back.
 */
export type ThrottleScope = 'account' | 'account_address' | 'address' | 'browser';

export interface ThrottleCounter {
  scope: ThrottleScope;
  subject: string;
  /** The hashed e-mail the counter belongs to (null for `address`), so a reset can clear it. */
  accountKey: string | null;
  /** Failures before the delays start. */
  limit: number;
}

export interface ThrottlePolicy {
  maxFailures: number;
  accountMaxFailures: number;
  addressMaxFailures: number;
  firstDelayMilliseconds: number;
  maxDelayMilliseconds: number;
}

/** A counter without failures for this long starts again from zero. Not below the longest delay. */
export const forgetFailuresAfterMilliseconds = 24 * 3_600_000;

/** Counters stop growing here: the delay has long reached its cap. */
export const failureCountCeiling = 1_000_000;

export function throttlePolicy(config: Config): ThrottlePolicy {
  return {
    maxFailures: config.loginMaxFailures,
    accountMaxFailures: config.loginAccountMaxFailures,
    addressMaxFailures: config.loginAddressMaxFailures,
    firstDelayMilliseconds: config.loginFirstDelaySeconds * 1000,
    maxDelayMilliseconds: Math.min(
      config.loginMaxDelayMinutes * 60_000,
      forgetFailuresAfterMilliseconds,
    ),
  };
}

/**
 * The counters of one attempt, in one fixed order (so concurrent attempts lock shared counters in
 * the same order and cannot deadlock).
 */
export function countersOf(
  attempt: { accountKey: string; address: string; knownBrowserHash: string | null },
  policy: ThrottlePolicy,
): ThrottleCounter[] {
  const { accountKey } = attempt;
  const counters: ThrottleCounter[] = attempt.knownBrowserHash
    ? [
        {
          scope: 'browser',
          subject: attempt.knownBrowserHash,
          accountKey,
          limit: policy.maxFailures,
        },
      ]
    : [
        { scope: 'account', subject: accountKey, accountKey, limit: policy.accountMaxFailures },
        {
          scope: 'account_address',
          subject: `${accountKey}|${attempt.address}`,
          accountKey,
          limit: policy.maxFailures,
        },
        {
          scope: 'address',
          subject: attempt.address,
          accountKey: null,
          limit: policy.addressMaxFailures,
        },
      ];
  return counters.sort((a, b) =>
    a.scope === b.scope ? (a.subject < b.subject ? -1 : 1) : a.scope < b.scope ? -1 : 1,
  );
}

/** How long attempts in a counter wait after its `failures`-th failure (0 below the limit). */
export function delayAfter(failures: number, limit: number, policy: ThrottlePolicy): number {
  if (failures < limit) return 0;
  const doublings = Math.min(failures - limit, 40);
  return Math.min(policy.maxDelayMilliseconds, policy.firstDelayMilliseconds * 2 ** doublings);
}

/**
 * The address a counter is kept for. IPv4-mapped IPv6 is the IPv4 address; other IPv6 addresses
 * count by their /64, since one subscriber usually holds a whole /64.
 */
export function addressKey(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped && isIPv4(mapped[1] as string)) return mapped[1] as string;
  if (isIPv4(ip)) return ip;
  if (!isIPv6(ip)) return ip.slice(0, 64);
  return `${expandIPv6(ip).slice(0, 4).join(':')}::/64`;
}

function expandIPv6(ip: string): string[] {
  const withoutZone = ip.split('%')[0] as string;
  const [head, tail] = withoutZone.includes('::') ? withoutZone.split('::') : [withoutZone, null];
  const headGroups = head ? (head as string).split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  // An embedded IPv4 tail (::1.2.3.4) fills two groups; only the first four groups matter here.
  const missing = 8 - headGroups.length - tailGroups.length;
  const groups =
    tail === null
      ? headGroups
      : [...headGroups, ...Array(Math.max(missing, 0)).fill('0'), ...tailGroups];
  return groups.map((group) =>
    /^[0-9a-f]{1,4}$/i.test(group) ? Number.parseInt(group, 16).toString(16) : group,
  );
}
