import type { Kysely } from 'kysely';
import type { MigrationContext } from './migration-context.js';

/**
 * What the agent inbox adds: labels on conversations, canned replies, and the outbox where
 * outbound replies wait for a channel connection (none of the channels has a live one yet, so
 * the delivery status is what tells the agent where the reply is).
 */
export async function up(db: Kysely<unknown>, context: MigrationContext): Promise<void> {
  const { id, bigint, primaryKey } = context;
  await db.schema
    .createTable('labels')
    .addColumn('id', id, primaryKey)
    .addColumn('organisation_id', bigint, (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull())
    .addColumn('colour', 'text', (c) => c.notNull())
    .addColumn('created_at', bigint, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('labels_name')
    .unique()
    .on('labels')
    .columns(['organisation_id', 'name_key'])
    .execute();

  await db.schema
    .createTable('conversation_labels')
    .addColumn('conversation_id', bigint, (c) => c.notNull())
    .addColumn('label_id', bigint, (c) => c.notNull())
    .addColumn('organisation_id', bigint, (c) => c.notNull())
    .addColumn('created_at', bigint, (c) => c.notNull())
    .addPrimaryKeyConstraint('conversation_labels_pk', ['conversation_id', 'label_id'])
    .execute();
  await db.schema
    .createIndex('conversation_labels_label')
    .on('conversation_labels')
    .columns(['organisation_id', 'label_id', 'conversation_id'])
    .execute();

  await db.schema
    .createTable('canned_replies')
    .addColumn('id', id, primaryKey)
    .addColumn('organisation_id', bigint, (c) => c.notNull())
    .addColumn('shortcut', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_by_user_id', bigint)
    .addColumn('created_at', bigint, (c) => c.notNull())
    .addColumn('updated_at', bigint, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('canned_replies_shortcut')
    .unique()
    .on('canned_replies')
    .columns(['organisation_id', 'shortcut'])
    .execute();

  await db.schema
    .createTable('outbox')
    .addColumn('id', id, primaryKey)
    .addColumn('organisation_id', bigint, (c) => c.notNull())
    .addColumn('conversation_id', bigint, (c) => c.notNull())
    .addColumn('message_id', bigint, (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('channel_account_id', bigint, (c) => c.notNull())
    .addColumn('recipient_handle', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('created_at', bigint, (c) => c.notNull())
    .addColumn('updated_at', bigint, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('outbox_message')
    .unique()
    .on('outbox')
    .column('message_id')
    .execute();
  await db.schema
    .createIndex('outbox_status')
    .on('outbox')
    .columns(['organisation_id', 'status', 'created_at'])
    .execute();
}
