import { type Kysely, sql } from 'kysely';
import type { MigrationContext } from './migration-context.js';

/**
 * The pre-aggregate that HTTP reports read at scale (see src/modules/reports/report-rollup.ts):
 * per UTC hour and per UTC day, one row per group of each report dimension, with counts and
 * sparse first-response and resolution histograms. It is derived from conversation_metrics only;
 * the runtime fills it after this migration runs on a database that already has history.
 */
export async function up(db: Kysely<unknown>, context: MigrationContext): Promise<void> {
  const { bigint, dialect } = context;
  await db.schema
    .createTable('report_rollup')
    .addColumn('organisation_id', bigint, (c) => c.notNull())
    .addColumn('granularity', 'text', (c) => c.notNull())
    .addColumn('dimension', 'text', (c) => c.notNull())
    .addColumn('period_start', bigint, (c) => c.notNull())
    // 0 for the organisation's row, and for conversations without a team or an agent.
    .addColumn('group_id', bigint, (c) => c.notNull())
    .addColumn('conversations', 'integer', (c) => c.notNull())
    .addColumn('answered', 'integer', (c) => c.notNull())
    .addColumn('with_policy', 'integer', (c) => c.notNull())
    .addColumn('met', 'integer', (c) => c.notNull())
    .addColumn('resolved', 'integer', (c) => c.notNull())
    .addColumn('frt_histogram', 'text', (c) => c.notNull())
    .addColumn('resolution_histogram', 'text', (c) => c.notNull())
    // Reports read one dimension over a range of periods. On SQLite the rows are stored in key
    // order (without rowid), so such a read is one sequential scan, not a lookup per row.
    .addPrimaryKeyConstraint('report_rollup_key', [
      'organisation_id',
      'granularity',
      'dimension',
      'period_start',
      'group_id',
    ])
    .$call((builder) => (dialect === 'sqlite' ? builder.modifyEnd(sql`without rowid`) : builder))
    .execute();
  // The breaches list: the few breached conversations of a range without scanning the range.
  // Its condition is repeated word for word in the query (SQLite matches partial indexes so).
  await sql`create index conversation_metrics_breached
    on conversation_metrics (organisation_id, first_inbound_at)
    where first_response_breached = 1 or next_response_breached = 1 or resolution_breached = 1`.execute(
    db,
  );
}
