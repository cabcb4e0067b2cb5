import { type Kysely, sql } from 'kysely';
import type { MigrationContext } from './migration-context.js';

/**
 * Outbound webhooks for integrations and social bypass.
 *
 * Webhooks: the alert webhooks of migration 006 become general subscriptions (a chosen set of
 * event types, existing ones keep `alert.opened`), with the failure count and the reason they
 * were disabled. The old alert-only delivery table is replaced by one delivery per (subscription,
 * event) holding the exact body it sends, and a log of every attempt.
 *
 * Bypass: a conversation started on a social channel while the same contact had an unresolved
 * one elsewhere, older than the threshold, is recorded with the earlier conversation and its
 * age.
 */
export async function up(db: Kysely<unknown>, context: MigrationContext): Promise<void> {
  const { id, bigint, primaryKey } = context;

  await db.schema.alterTable('webhooks').addColumn('name', 'text').execute();
  await db.schema
    .alterTable('webhooks')
    .addColumn('events', 'text', (c) => c.notNull().defaultTo('["alert.opened"]'))
    .execute();
  await db.schema
    .alterTable('webhooks')
    .addColumn('consecutive_failures', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('webhooks').addColumn('disabled_reason', 'text').execute();
  // Deleting used to only disable: those rows go, so a deleted webhook is gone for good.
  await sql`delete from webhooks where enabled = 0`.execute(db);

  await db.schema.dropTable('webhook_deliveries').execute();
  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', id, primaryKey)
    .addColumn('organisation_id', bigint, (c) => c.notNull())
    .addColumn('webhook_id', bigint, (c) => c.notNull())
    // One id per domain event, shared by every subscription that receives it.
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', bigint)
    .addColumn('response_status', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('delivered_at', bigint)
    .addColumn('created_at', bigint, (c) => c.notNull())
    .addColumn('updated_at', bigint, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('webhook_deliveries_event')
    .on('webhook_deliveries')
    .columns(['webhook_id', 'event_id'])
    .unique()
    .execute();

  await db.schema
    .createTable('webhook_attempts')
    .addColumn('id', id, primaryKey)
    .addColumn('organisation_id', bigint, (c) => c.notNull())
    .addColumn('webhook_id', bigint, (c) => c.notNull())
    .addColumn('delivery_id', bigint, (c) => c.notNull())
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('response_status', 'integer')
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('retry_at', bigint)
    .addColumn('created_at', bigint, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('webhook_attempts_log')
    .on('webhook_attempts')
    .columns(['webhook_id', 'id'])
    .execute();

  await db.schema
    .createTable('conversation_bypasses')
    .addColumn('conversation_id', bigint, (c) => c.primaryKey())
    .addColumn('organisation_id', bigint, (c) => c.notNull())
    .addColumn('contact_id', bigint, (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('earlier_conversation_id', bigint, (c) => c.notNull())
    .addColumn('earlier_channel', 'text', (c) => c.notNull())
    .addColumn('earlier_age_ms', bigint, (c) => c.notNull())
    .addColumn('flagged_at', bigint, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('conversation_bypasses_flagged')
    .on('conversation_bypasses')
    .columns(['organisation_id', 'flagged_at'])
    .execute();
}
