import type { Kysely } from 'kysely';
import { lockOrganisation } from '../../platform/database/organisation-lock.js';
import type { Database } from '../../platform/database/schema.js';

/**
 * Serialises everything that writes an organisation's themes on PostgreSQL: listen jobs (the
 * clusterer state, theme counters and near-duplicate clusters), re-clustering and analysts'
 * rename/merge/split. It also makes a listen job picked up twice wait for the first run, whose
 * theme rows it then sees. SQLite has a single writer. Take it first in the transaction.
 */
export async function lockThemes(trx: Kysely<Database>, organisationId: number): Promise<void> {
  await lockOrganisation(trx, 'themes', organisationId);
}
