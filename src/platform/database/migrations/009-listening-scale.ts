import type { Kysely } from 'kysely';
import type { MigrationContext } from './migration-context.js';

/**
 * Listening at scale: indexes that let a theme fold (consolidation, an analyst's merge) find the
 * folded theme's hourly volumes and near-duplicate clusters without walking the organisation's
 * whole rollup, and a per-organisation revision of the hourly rollup's closed hours, so alert
 * detection can keep the history it read in memory until a write changes it.
 */
export async function up(db: Kysely<unknown>, context: MigrationContext): Promise<void> {
  const { bigint } = context;
  await db.schema
    .createIndex('listening_volume_hourly_theme')
    .on('listening_volume_hourly')
    .columns(['organisation_id', 'theme_id', 'hour_start'])
    .execute();
  await db.schema
    .createIndex('duplicate_clusters_theme')
    .on('duplicate_clusters')
    .columns(['organisation_id', 'theme_id'])
    .execute();
  await db.schema
    .createTable('listening_volume_revision')
    .addColumn('organisation_id', bigint, (c) => c.primaryKey())
    // The latest hour the rollup has counts for; a write to an earlier hour bumps the revision.
    .addColumn('latest_hour', bigint, (c) => c.notNull())
    .addColumn('revision', bigint, (c) => c.notNull())
    .execute();
}
