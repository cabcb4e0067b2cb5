import type { Kysely } from 'kysely';
import type { MigrationContext } from './migration-context.js';

/**
 * The immutable history of each conversation (status, assignment, team, priority changes, SLA
 * events). Rows are only ever inserted: reports and SLA figures are computed from it, so a later
 * reopening or reassignment cannot rewrite what happened.
 */
export async function up(db: Kysely<unknown>, context: MigrationContext): Promise<void> {
  const { id, bigint, primaryKey } = context;
  await db.schema
    .createTable('conversation_events')
    .addColumn('id', id, primaryKey)
    .addColumn('organisation_id', bigint, (c) => c.notNull())
    .addColumn('conversation_id', bigint, (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('actor_type', 'text', (c) => c.notNull())
    .addColumn('actor_id', bigint)
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('occurred_at', bigint, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('conversation_events_conversation')
    .on('conversation_events')
    .columns(['conversation_id', 'occurred_at'])
    .execute();
  await db.schema
    .createIndex('conversation_events_type_time')
    .on('conversation_events')
    .columns(['organisation_id', 'type', 'occurred_at'])
    .execute();
}
