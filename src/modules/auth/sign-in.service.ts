import type { AppContext } from '../../platform/context.js';
import { withTransaction } from '../../platform/database/connection.js';
import { AppError } from '../../platform/errors.js';
import { findUserByEmail, insertSession, recordSuccessfulLogin } from './auth.repository.js';
import { normaliseEmail, randomToken, sha256, userPrincipal } from './credentials.js';
import { hashPassword, verifyPassword } from './password.js';
import type { Principal } from './permissions.js';
import {
  countFailure,
  deleteCounter,
  isKnownBrowser,
  pruneExpiredCounters,
  rememberBrowser,
  setBlockedUntil,
  uncountFailure,
} from './sign-in.repository.js';
import {
  addressKey,
  countersOf,
  delayAfter,
  forgetFailuresAfterMilliseconds,
  type ThrottleCounter,
  throttlePolicy,
} from './sign-in-throttle.js';

/** How long a browser stays known after its last successful sign-in (its cookie's lifetime). */
export const knownBrowserLifetimeMilliseconds = 365 * 24 * 3_600_000;

/**
 * The one answer to every refused sign-in (unknown e-mail, wrong password, disabled account,
 * throttled attempt), so the answer never tells which it was, nor whether the account exists.
 */
export const signInRefusal = 'e-mail or password is wrong, or too many attempts: try again later';

export interface SignInAttempt {
  email: string;
  password: string;
  /** The client's address (request.ip). */
  address: string;
  userAgent: string | null;
  /** The known-browser cookie the browser sent, if any. */
  browserToken: string | undefined;
}

export interface LoginResult {
  sessionToken: string;
  csrfToken: string;
  expiresAt: number;
  /** A fresh known-browser token for the cookie; the one the browser sent is no longer valid. */
  browserToken: string;
  principal: Principal;
}

// Checking the password of an unknown e-mail against a real hash with the same parameters costs
// the same as checking a real one, so response times do not reveal which addresses have accounts.
let decoyHash: Promise<string> | undefined;
export function decoyPasswordHash(): Promise<string> {
  decoyHash ??= hashPassword(randomToken());
  return decoyHash;
}

const browserTokenPattern = /^[A-Za-z0-9_-]{43}$/;

/**
 * Signs in with e-mail and password under the throttle (see sign-in-throttle.ts). Every attempt
 * does the same work whatever its outcome: one user lookup, the counting transaction, one scrypt
 * check (against a decoy hash when the e-mail is unknown, and even when the attempt is throttled
 * and its result ignored), so neither the answer nor its time tells an unknown e-mail from a
 * wrong password or a throttled attempt.
 */
export async function login(context: AppContext, attempt: SignInAttempt): Promise<LoginResult> {
  const { database, config } = context;
  const { db } = database;
  const now = Date.now();
  const email = normaliseEmail(attempt.email);
  const accountKey = sha256(email);
  const policy = throttlePolicy(config);
  const user = await findUserByEmail(db, email);
  const shownBrowserHash =
    attempt.browserToken && browserTokenPattern.test(attempt.browserToken)
      ? sha256(attempt.browserToken)
      : null;
  const knownBrowserHash =
    shownBrowserHash &&
    (await isKnownBrowser(db, shownBrowserHash, email, now - knownBrowserLifetimeMilliseconds))
      ? shownBrowserHash
      : null;
  const counters = countersOf(
    { accountKey, address: addressKey(attempt.address), knownBrowserHash },
    policy,
  );

  const admission = await withTransaction(database, async (trx) => {
    const counted = [];
    for (const counter of counters) {
      counted.push(await countFailure(trx, counter, now, now + forgetFailuresAfterMilliseconds));
    }
    const admitted = counted.every((count) => count.blockedUntil <= now);
    // Only an admitted attempt moves a block: hammering while blocked raises the count (and so
    // the next delay) but never pushes the end of the current wait further away.
    const blocksSet = new Map<ThrottleCounter, { previous: number; set: number }>();
    const engaged: string[] = []; // counters this attempt started a delay in
    if (admitted) {
      for (const [index, counter] of counters.entries()) {
        const { failures, blockedUntil } = counted[index] as (typeof counted)[number];
        const delay = delayAfter(failures, counter.limit, policy);
        if (delay > 0) {
          await setBlockedUntil(trx, counter, now + delay);
          blocksSet.set(counter, { previous: blockedUntil, set: now + delay });
          engaged.push(counter.scope);
        }
      }
    }
    await pruneExpiredCounters(trx, database.dialect, now, 100);
    return { admitted, blocksSet, engaged };
  });
  if (admission.engaged.length > 0) {
    // For operators watching for attacks; the same line whether the account exists or not.
    context.logger.warn(
      { scopes: admission.engaged, userId: user?.id ?? null, address: attempt.address },
      'sign-in throttle engaged',
    );
  }

  const passwordRight = await verifyPassword(
    attempt.password,
    user?.password_hash ?? (await decoyPasswordHash()),
  );
  if (!admission.admitted || !user || user.disabled_at !== null || !passwordRight) {
    throw new AppError('invalid_credentials', signInRefusal);
  }

  const sessionToken = randomToken();
  const csrfToken = randomToken(24);
  const browserToken = randomToken();
  const expiresAt = now + config.sessionTtlHours * 3_600_000;
  await withTransaction(database, async (trx) => {
    for (const counter of counters) {
      // A success forgets the failures of this account from here; an address's count is shared
      // with other accounts, so only this attempt's own count (and block) is taken back.
      if (counter.scope === 'address') {
        await uncountFailure(trx, counter, admission.blocksSet.get(counter) ?? null);
      } else {
        await deleteCounter(trx, counter);
      }
    }
    await recordSuccessfulLogin(trx, user.id, now);
    await insertSession(trx, {
      id: sha256(sessionToken),
      userId: user.id,
      csrfToken,
      now,
      expiresAt,
      userAgent: attempt.userAgent?.slice(0, 300) ?? null,
      ipAddress: attempt.address.slice(0, 64),
    });
    await rememberBrowser(
      trx,
      { userId: user.id, tokenHash: sha256(browserToken), replacedHash: knownBrowserHash, now },
      now - knownBrowserLifetimeMilliseconds,
    );
  });
  return {
    sessionToken,
    csrfToken,
    expiresAt,
    browserToken,
    principal: userPrincipal(user, csrfToken, sha256(sessionToken)),
  };
}
