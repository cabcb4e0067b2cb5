import { sql } from 'kysely';
import type { DatabaseHandle } from './connection.js';

/** An import of at least this many messages refreshes the planner's statistics. */
export const largeImport = 10_000;

/** What the ingest path reads by key: their statistics decide between an index and a scan. */
export const ingestPathTables = [
  'inbound_events',
  'jobs',
  'messages',
  'conversations',
  'contacts',
  'contact_identities',
  'conversation_events',
  'conversation_metrics',
  'conversation_sla',
  'theme_messages',
  'message_fingerprints',
  'duplicate_clusters',
] as const;

/**
 * Refreshes the planner's statistics of `tables` after a bulk load, so that PostgreSQL does not
 * keep planning them as the near-empty tables they were (autovacuum would get there, but only
 * after its threshold and naptime, mid-import). Names resolve through the connection's
 * search_path, so only this deployment's schema is analysed. SQLite has `ANALYZE` too; its
 * planner uses the statistics in sqlite_stat1.
 */
export async function analyzeTables(
  handle: DatabaseHandle,
  tables: readonly string[],
): Promise<void> {
  if (tables.length === 0) return;
  if (handle.dialect === 'postgres') {
    await sql`analyze ${sql.join(tables.map((table) => sql.table(table)))}`.execute(handle.db);
    return;
  }
  for (const table of tables) await sql`analyze ${sql.table(table)}`.execute(handle.db);
}
