import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../../platform/database/connection.js';
import type { Database } from '../../platform/database/schema.js';

/** Key of the advisory lock that serialises an organisation's theme writers on PostgreSQL. */
const themesLockNamespace = 7264;

/**
 * Serialises everything that writes an organisation's themes on PostgreSQL: listen jobs (the
 * clusterer state, theme counters and near-duplicate clusters), re-clustering and analysts'
 * rename/merge/split. It also makes a listen job picked up twice wait for the first run, whose
 * theme rows it then sees. SQLite has a single writer. Take it first in the transaction.
 */
export async function lockThemes(
  trx: Kysely<Database>,
  dialect: DialectName,
  organisationId: number,
): Promise<void> {
  if (dialect === 'postgres') {
    await sql`select pg_advisory_xact_lock(${themesLockNamespace}, ${organisationId})`.execute(trx);
  }
}
