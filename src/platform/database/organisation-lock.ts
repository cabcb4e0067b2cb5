import { type Kysely, PostgresAdapter, sql } from 'kysely';
import type { Database } from './schema.js';

/**
 * The advisory lock namespaces (PostgreSQL `pg_advisory_xact_lock(namespace, organisation)`).
 * Each serialises one kind of work per organisation across processes; SQLite needs none, since it
 * has one writer at a time.
 */
export const lockNamespaces = {
  /** Ingest batches: two workers threading a parent and its reply at once would miss each other. */
  ingest: 7261,
  /** Assignment runs: two would hand the same agent capacity twice. */
  assignment: 7262,
  /** Report rollup recomputation. */
  reportRollup: 7263,
  /** Listen jobs, re-clustering and analysts' theme edits. */
  themes: 7264,
  /** Backlash detection: two would open the same alert twice. */
  alertDetection: 7265,
} as const;

export type LockNamespace = keyof typeof lockNamespaces;

/**
 * Takes `namespace`'s transaction-scoped lock for one organisation on PostgreSQL (held until the
 * transaction ends). Take it first in the transaction, before reading what the work depends on.
 */
export async function lockOrganisation(
  trx: Kysely<Database>,
  namespace: LockNamespace,
  organisationId: number,
): Promise<void> {
  if (!(trx.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`select pg_advisory_xact_lock(${lockNamespaces[namespace]}, ${organisationId})`.execute(
    trx,
  );
}
