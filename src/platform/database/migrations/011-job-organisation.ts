import { type Kysely, sql } from 'kysely';
import type { MigrationContext } from './migration-context.js';

/**
 * Jobs carry the organisation they work for, so an admin's dead-jobs list and retry see only
 * their own organisation's jobs (null: a system-wide job that belongs to no organisation).
 * Existing jobs take it from their payload's `organisationId`, where the modules' payloads keep it.
 */
export async function up(db: Kysely<unknown>, context: MigrationContext): Promise<void> {
  await db.schema
    .alterTable('jobs')
    .addColumn('organisation_id', context.bigint, (c) =>
      c.references('organisations.id').onDelete('cascade'),
    )
    .execute();
  if (context.dialect === 'postgres') {
    await sql`update jobs set organisation_id = (payload::jsonb ->> 'organisationId')::bigint
      where jsonb_typeof(payload::jsonb -> 'organisationId') = 'number'
        and (payload::jsonb ->> 'organisationId')::numeric in (select id from organisations)`.execute(
      db,
    );
  } else {
    await sql`update jobs set organisation_id = json_extract(payload, '$.organisationId')
      where json_valid(payload) and json_type(payload, '$.organisationId') = 'integer'
        and json_extract(payload, '$.organisationId') in (select id from organisations)`.execute(
      db,
    );
  }
  await db.schema
    .createIndex('jobs_organisation_status')
    .on('jobs')
    .columns(['organisation_id', 'status'])
    .execute();
}
