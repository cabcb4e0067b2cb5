import type { Kysely } from 'kysely';
import type { MigrationContext } from './migration-context.js';

/**
 * The close-the-loop ledger: feedback items (pointers to what someone said, never copies of it),
 * decisions (change records), their immutable event history (the decision's state is derived
 * from it) and the many-to-many links between feedback and decisions.
 */
export async function up(db: Kysely<unknown>, context: MigrationContext): Promise<void> {
  const { id, bigint, primaryKey } = context;
  await db.schema
    .createTable('feedback_items')
    .addColumn('id', id, primaryKey)
    .addColumn('organisation_id', bigint, (c) => c.notNull())
    .addColumn('source_kind', 'text', (c) => c.notNull())
    .addColumn('source_id', bigint)
    .addColumn('contact_id', bigint)
    .addColumn('conversation_id', bigint)
    .addColumn('channel', 'text')
    .addColumn('team_id', bigint)
    .addColumn('note', 'text')
    .addColumn('said_at', bigint, (c) => c.notNull())
    .addColumn('created_by_user_id', bigint)
    .addColumn('created_at', bigint, (c) => c.notNull())
    .execute();
  // One feedback item per source: linking the same message twice reuses it. Manual items have
  // no source id, and NULLs never collide in a unique index on either database.
  await db.schema
    .createIndex('feedback_items_source')
    .unique()
    .on('feedback_items')
    .columns(['organisation_id', 'source_kind', 'source_id'])
    .execute();
  await db.schema
    .createIndex('feedback_items_time')
    .on('feedback_items')
    .columns(['organisation_id', 'said_at'])
    .execute();

  await db.schema
    .createTable('decisions')
    .addColumn('id', id, primaryKey)
    .addColumn('organisation_id', bigint, (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('public_description', 'text', (c) => c.notNull())
    .addColumn('owner_user_id', bigint)
    .addColumn('team_id', bigint)
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text')
    .addColumn('merged_into_id', bigint)
    .addColumn('created_at', bigint, (c) => c.notNull())
    .addColumn('updated_at', bigint, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('decisions_state')
    .on('decisions')
    .columns(['organisation_id', 'state', 'updated_at'])
    .execute();

  await db.schema
    .createTable('decision_events')
    .addColumn('id', id, primaryKey)
    .addColumn('organisation_id', bigint, (c) => c.notNull())
    .addColumn('decision_id', bigint, (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('from_state', 'text')
    .addColumn('to_state', 'text')
    .addColumn('outcome', 'text')
    .addColumn('reason', 'text')
    .addColumn('public_note', 'text')
    .addColumn('published', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('actor_user_id', bigint)
    .addColumn('created_at', bigint, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('decision_events_decision')
    .on('decision_events')
    .columns(['decision_id', 'id'])
    .execute();
  await db.schema
    .createIndex('decision_events_time')
    .on('decision_events')
    .columns(['organisation_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('decision_links')
    .addColumn('organisation_id', bigint, (c) => c.notNull())
    .addColumn('decision_id', bigint, (c) => c.notNull())
    .addColumn('feedback_item_id', bigint, (c) => c.notNull())
    .addColumn('via', 'text', (c) => c.notNull())
    .addColumn('linked_by_user_id', bigint)
    .addColumn('created_at', bigint, (c) => c.notNull())
    .addPrimaryKeyConstraint('decision_links_pk', ['decision_id', 'feedback_item_id'])
    .execute();
  await db.schema
    .createIndex('decision_links_item')
    .on('decision_links')
    .columns(['feedback_item_id'])
    .execute();
}
