import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../../platform/database/connection.js';
import type { Database } from '../../platform/database/schema.js';
import type { ThrottleCounter } from './sign-in-throttle.js';
import { failureCountCeiling } from './sign-in-throttle.js';

export interface CountedFailure {
  failures: number;
  blockedUntil: number;
}

/**
 * Counts one attempt in a counter with one atomic upsert (concurrent attempts each add one), and
 * answers the count and the block that stood before this attempt. On PostgreSQL the row stays
 * locked until the transaction ends, so the caller can set the block it decides on.
 */
export async function countFailure(
  trx: Kysely<Database>,
  counter: ThrottleCounter,
  now: number,
  expiresAt: number,
): Promise<CountedFailure> {
  const row = await trx
    .insertInto('sign_in_throttles')
    .values({
      scope: counter.scope,
      subject: counter.subject,
      account_key: counter.accountKey,
      failures: 1,
      blocked_until: 0,
      expires_at: expiresAt,
    })
    .onConflict((conflict) =>
      conflict.columns(['scope', 'subject']).doUpdateSet({
        failures: sql<number>`case
          when sign_in_throttles.expires_at <= ${now} then 1
          when sign_in_throttles.failures >= ${failureCountCeiling} then sign_in_throttles.failures
          else sign_in_throttles.failures + 1 end`,
        blocked_until: sql<number>`case
          when sign_in_throttles.expires_at <= ${now} then 0
          else sign_in_throttles.blocked_until end`,
        expires_at: expiresAt,
      }),
    )
    .returning(['failures', 'blocked_until'])
    .executeTakeFirstOrThrow();
  return { failures: Number(row.failures), blockedUntil: Number(row.blocked_until) };
}

export async function setBlockedUntil(
  trx: Kysely<Database>,
  counter: ThrottleCounter,
  blockedUntil: number,
): Promise<void> {
  await trx
    .updateTable('sign_in_throttles')
    .set({ blocked_until: blockedUntil })
    .where('scope', '=', counter.scope)
    .where('subject', '=', counter.subject)
    .execute();
}

/** Forgets a counter (a successful sign-in in it). */
export async function deleteCounter(trx: Kysely<Database>, counter: ThrottleCounter) {
  await trx
    .deleteFrom('sign_in_throttles')
    .where('scope', '=', counter.scope)
    .where('subject', '=', counter.subject)
    .execute();
}

/**
 * Takes back one attempt counted in advance, and the block it set if nothing changed it since
 * (a successful sign-in is not a failure of its address).
 */
export async function uncountFailure(
  trx: Kysely<Database>,
  counter: ThrottleCounter,
  blockSet: { previous: number; set: number } | null,
): Promise<void> {
  await trx
    .updateTable('sign_in_throttles')
    .set({
      failures: sql<number>`case when failures > 0 then failures - 1 else 0 end`,
      ...(blockSet
        ? {
            blocked_until: sql<number>`case when blocked_until = ${blockSet.set} then ${blockSet.previous} else blocked_until end`,
          }
        : {}),
    })
    .where('scope', '=', counter.scope)
    .where('subject', '=', counter.subject)
    .execute();
}

/** Forgets every counter of an account (its password was reset). */
export async function deleteCountersOfAccount(trx: Kysely<Database>, accountKey: string) {
  await trx.deleteFrom('sign_in_throttles').where('account_key', '=', accountKey).execute();
}

/**
 * Deletes up to `limit` counters nobody has failed in for a day, so sprayed e-mails do not pile
 * up. On PostgreSQL it skips rows other attempts hold, so it never waits and cannot deadlock.
 */
export async function pruneExpiredCounters(
  trx: Kysely<Database>,
  dialect: DialectName,
  now: number,
  limit: number,
): Promise<void> {
  const skipLocked = dialect === 'postgres' ? sql`for update skip locked` : sql``;
  await sql`delete from sign_in_throttles where (scope, subject) in (
      select scope, subject from sign_in_throttles where expires_at <= ${now}
      limit ${limit} ${skipLocked})`.execute(trx);
}

/** Whether a browser token was handed out at a successful sign-in to the account of `email`. */
export async function isKnownBrowser(
  db: Kysely<Database>,
  tokenHash: string,
  email: string,
  notBefore: number,
): Promise<boolean> {
  const row = await db
    .selectFrom('known_browsers')
    .innerJoin('users', 'users.id', 'known_browsers.user_id')
    .select('known_browsers.user_id')
    .where('known_browsers.token_hash', '=', tokenHash)
    .where('users.email', '=', email)
    .where('known_browsers.last_used_at', '>', notBefore)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Remembers a browser for a user under a fresh token: the token it showed (if known for this
 * user) is replaced, so one browser keeps one row; rows unused for the cookie's lifetime go.
 */
export async function rememberBrowser(
  trx: Kysely<Database>,
  browser: { userId: number; tokenHash: string; replacedHash: string | null; now: number },
  forgetBefore: number,
): Promise<void> {
  if (browser.replacedHash) {
    await trx
      .deleteFrom('known_browsers')
      .where('token_hash', '=', browser.replacedHash)
      .where('user_id', '=', browser.userId)
      .execute();
  }
  await trx
    .deleteFrom('known_browsers')
    .where('user_id', '=', browser.userId)
    .where('last_used_at', '<=', forgetBefore)
    .execute();
  await trx
    .insertInto('known_browsers')
    .values({
      token_hash: browser.tokenHash,
      user_id: browser.userId,
      created_at: browser.now,
      last_used_at: browser.now,
    })
    .execute();
}

/** The latest block standing on each of these accounts (hashed e-mails), for the admin's list. */
export async function blocksOfAccounts(
  db: Kysely<Database>,
  accountKeys: readonly string[],
  now: number,
): Promise<Map<string, number>> {
  if (accountKeys.length === 0) return new Map();
  const rows = await db
    .selectFrom('sign_in_throttles')
    .select(['account_key', (eb) => eb.fn.max('blocked_until').as('blocked_until')])
    .where('account_key', 'in', accountKeys)
    .where('blocked_until', '>', now)
    .groupBy('account_key')
    .execute();
  return new Map(rows.map((row) => [String(row.account_key), Number(row.blocked_until)]));
}
