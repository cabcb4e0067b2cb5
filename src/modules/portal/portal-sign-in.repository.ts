import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.js';

type Db = Kysely<Database>;

/** Requests under these keys since `since`, each key counted on its own. */
export async function countSignInRequests(db: Db, keys: readonly string[], since: number) {
  const rows = await db
    .selectFrom('portal_sign_in_requests')
    .select(['key'])
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('key', 'in', keys)
    .where('created_at', '>=', since)
    .groupBy('key')
    .execute();
  return new Map(rows.map((row) => [row.key, Number(row.count)]));
}

export async function recordSignInRequest(db: Db, keys: readonly string[], now: number) {
  await db
    .insertInto('portal_sign_in_requests')
    .values(keys.map((key) => ({ key, created_at: now })))
    .execute();
}

/** Forgets requests older than a day (the limits look back an hour). */
export async function forgetOldSignInRequests(db: Db, before: number) {
  await db.deleteFrom('portal_sign_in_requests').where('created_at', '<', before).execute();
}
