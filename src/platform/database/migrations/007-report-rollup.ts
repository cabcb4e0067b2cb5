import type { Kysely } from 'kysely';
import type { MigrationContext } from './migration-context.js';

/**
 * The pre-aggregate that HTTP reports read at scale (see src/modules/reports/report-rollup.ts):
 * per UTC hour and per UTC day, one row per group of each report dimension, with counts and
 * sparse first-response and resolution histograms. It is derived from conversation_metrics only;
 * the runtime fills it after this migration runs on a database that already has history.
 */
export async function up(db: Kysely<unknown>, context: MigrationContext): Promise<void> {
  const { bigint } = context;
  await db.schema
    .createTable('report_rollup')
    .addColumn('organisation_id', bigint, (c) => c.notNull())
    .addColumn('granularity', 'text', (c) => c.notNull())
    .addColumn('dimension', 'text', (c) => c.notNull())
    .addColumn('period_start', bigint, (c) => c.notNull())
    .addColumn('group_id', bigint)
    .addColumn('conversations', 'integer', (c) => c.notNull())
    .addColumn('answered', 'integer', (c) => c.notNull())
    .addColumn('with_policy', 'integer', (c) => c.notNull())
    .addColumn('met', 'integer', (c) => c.notNull())
    .addColumn('resolved', 'integer', (c) => c.notNull())
    .addColumn('frt_histogram', 'text', (c) => c.notNull())
    .addColumn('resolution_histogram', 'text', (c) => c.notNull())
    .execute();
  // Reports read one dimension over a range of periods; maintenance replaces whole periods.
  await db.schema
    .createIndex('report_rollup_read')
    .on('report_rollup')
    .columns(['organisation_id', 'granularity', 'dimension', 'period_start'])
    .execute();
}
