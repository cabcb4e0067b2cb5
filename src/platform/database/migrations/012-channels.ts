import type { Kysely } from 'kysely';
import type { MigrationContext } from './migration-context.js';

/**
 * Live channels (issue 10): a channel account gains its connection (kind-specific settings,
 * secrets encrypted at rest, a durable inbound cursor, a fetch lease so one process fetches an
 * account at a time), a pause switch and its health; the outbox gains the idempotency key a
 * retried send reuses (e-mail: the Message-ID), the id the channel gave the sent message and
 * when it was sent and delivered; inbound items that keep failing are quarantined.
 */
export async function up(db: Kysely<unknown>, context: MigrationContext): Promise<void> {
  const { id, bigint, primaryKey } = context;
  const accountColumns: [string, 'text' | 'integer' | 'bigint', boolean][] = [
    ['settings', 'text', false],
    ['secrets', 'text', false],
    ['cursor', 'text', false],
    ['fetch_lease_owner', 'text', false],
    ['fetch_lease_until', 'bigint', false],
    ['fetch_requested_at', 'bigint', false],
    ['last_success_at', 'bigint', false],
    ['last_error', 'text', false],
    ['last_error_at', 'bigint', false],
    ['alerted_at', 'bigint', false],
  ];
  for (const [name, type] of accountColumns) {
    await db.schema
      .alterTable('channel_accounts')
      .addColumn(name, type === 'bigint' ? bigint : type)
      .execute();
  }
  for (const name of ['paused', 'consecutive_failures', 'needs_reauth']) {
    await db.schema
      .alterTable('channel_accounts')
      .addColumn(name, 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
  }

  await db.schema.alterTable('outbox').addColumn('idempotency_key', 'text').execute();
  await db.schema.alterTable('outbox').addColumn('external_id', 'text').execute();
  await db.schema.alterTable('outbox').addColumn('sent_at', bigint).execute();
  await db.schema.alterTable('outbox').addColumn('delivered_at', bigint).execute();
  await db.schema
    .createIndex('outbox_external_id')
    .on('outbox')
    .columns(['channel_account_id', 'external_id'])
    .execute();

  await db.schema
    .createTable('channel_quarantine')
    .addColumn('id', id, primaryKey)
    .addColumn('organisation_id', bigint, (c) => c.notNull())
    .addColumn('channel_account_id', bigint, (c) => c.notNull())
    // Where the item is on its channel (e-mail: `UIDVALIDITY:UID`).
    .addColumn('item_ref', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('quarantined', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text', (c) => c.notNull())
    .addColumn('created_at', bigint, (c) => c.notNull())
    .addColumn('updated_at', bigint, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('channel_quarantine_item')
    .unique()
    .on('channel_quarantine')
    .columns(['channel_account_id', 'item_ref'])
    .execute();
}
