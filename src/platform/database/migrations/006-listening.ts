import type { Kysely } from 'kysely';
import type { MigrationContext } from './migration-context.js';

/**
 * Listening (issue 4): themes and the analysts' rules over them, near-duplicate fingerprints,
 * the hourly volume rollup the backlash detector reads, alerts, and their delivery by webhook
 * and e-mail.
 */
export async function up(db: Kysely<unknown>, context: MigrationContext): Promise<void> {
  const { id, bigint, primaryKey } = context;

  await db.schema
    .createTable('themes')
    .addColumn('id', id, primaryKey)
    .addColumn('organisation_id', bigint, (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('pinned_label', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('merged_into_id', bigint)
    .addColumn('pinned', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('message_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('sentiment_sum', 'real', (c) => c.notNull().defaultTo(0))
    .addColumn('sentiment_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('top_terms', 'text', (c) => c.notNull())
    .addColumn('centroids', 'text', (c) => c.notNull())
    .addColumn('last_message_at', bigint)
    .addColumn('created_at', bigint, (c) => c.notNull())
    .addColumn('updated_at', bigint, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('themes_status')
    .on('themes')
    .columns(['organisation_id', 'status', 'message_count'])
    .execute();

  await db.schema
    .createTable('theme_messages')
    .addColumn('message_id', bigint, (c) => c.primaryKey())
    .addColumn('organisation_id', bigint, (c) => c.notNull())
    .addColumn('theme_id', bigint)
    .addColumn('channel_account_id', bigint, (c) => c.notNull())
    .addColumn('similarity', 'real', (c) => c.notNull())
    .addColumn('sentiment', 'text')
    .addColumn('polarity', 'real')
    .addColumn('created_at', bigint, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('theme_messages_theme')
    .on('theme_messages')
    .columns(['organisation_id', 'theme_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('theme_messages_time')
    .on('theme_messages')
    .columns(['organisation_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('theme_rules')
    .addColumn('id', id, primaryKey)
    .addColumn('organisation_id', bigint, (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('theme_id', bigint, (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('created_by_user_id', bigint)
    .addColumn('created_at', bigint, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('theme_rules_theme')
    .on('theme_rules')
    .columns(['organisation_id', 'theme_id'])
    .execute();

  await db.schema
    .createTable('listening_state')
    .addColumn('organisation_id', bigint, (c) => c.primaryKey())
    .addColumn('state_token', 'text', (c) => c.notNull())
    .addColumn('documents', 'integer', (c) => c.notNull())
    .addColumn('document_frequencies', 'text', (c) => c.notNull())
    .addColumn('updated_at', bigint, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('message_fingerprints')
    .addColumn('message_id', bigint, (c) => c.primaryKey())
    .addColumn('organisation_id', bigint, (c) => c.notNull())
    .addColumn('hash_high', bigint, (c) => c.notNull())
    .addColumn('hash_low', bigint, (c) => c.notNull())
    .addColumn('band0', 'integer', (c) => c.notNull())
    .addColumn('band1', 'integer', (c) => c.notNull())
    .addColumn('band2', 'integer', (c) => c.notNull())
    .addColumn('band3', 'integer', (c) => c.notNull())
    .addColumn('author_key', 'text', (c) => c.notNull())
    .addColumn('cluster_id', bigint)
    .addColumn('created_at', bigint, (c) => c.notNull())
    .execute();
  for (const band of ['band0', 'band1', 'band2', 'band3']) {
    await db.schema
      .createIndex(`message_fingerprints_${band}`)
      .on('message_fingerprints')
      .columns(['organisation_id', band, 'created_at'])
      .execute();
  }
  await db.schema
    .createIndex('message_fingerprints_cluster')
    .on('message_fingerprints')
    .columns(['cluster_id', 'author_key'])
    .execute();

  await db.schema
    .createTable('duplicate_clusters')
    .addColumn('id', id, primaryKey)
    .addColumn('organisation_id', bigint, (c) => c.notNull())
    .addColumn('theme_id', bigint)
    .addColumn('representative_message_id', bigint, (c) => c.notNull())
    .addColumn('message_count', 'integer', (c) => c.notNull())
    .addColumn('author_count', 'integer', (c) => c.notNull())
    .addColumn('first_seen_at', bigint, (c) => c.notNull())
    .addColumn('last_seen_at', bigint, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('duplicate_clusters_activity')
    .on('duplicate_clusters')
    .columns(['organisation_id', 'last_seen_at'])
    .execute();

  await db.schema
    .createTable('listening_volume_hourly')
    .addColumn('organisation_id', bigint, (c) => c.notNull())
    .addColumn('hour_start', bigint, (c) => c.notNull())
    .addColumn('channel_account_id', bigint, (c) => c.notNull())
    .addColumn('theme_id', bigint, (c) => c.notNull())
    .addColumn('sentiment', 'text', (c) => c.notNull())
    .addColumn('message_count', 'integer', (c) => c.notNull())
    .addColumn('polarity_sum', 'real', (c) => c.notNull())
    .addColumn('polarity_count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('listening_volume_hourly_pk', [
      'organisation_id',
      'hour_start',
      'channel_account_id',
      'theme_id',
      'sentiment',
    ])
    .execute();

  await db.schema
    .createTable('alerts')
    .addColumn('id', id, primaryKey)
    .addColumn('organisation_id', bigint, (c) => c.notNull())
    .addColumn('series_key', 'text', (c) => c.notNull())
    .addColumn('channel_account_id', bigint)
    .addColumn('theme_id', bigint)
    .addColumn('sentiment', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('first_hour_start', bigint, (c) => c.notNull())
    .addColumn('last_hour_start', bigint, (c) => c.notNull())
    .addColumn('observed_count', 'integer', (c) => c.notNull())
    .addColumn('expected_count', 'real', (c) => c.notNull())
    .addColumn('score', 'real', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('example_message_ids', 'text', (c) => c.notNull())
    .addColumn('opened_at', bigint, (c) => c.notNull())
    .addColumn('acknowledged_at', bigint)
    .addColumn('acknowledged_by_user_id', bigint)
    .addColumn('resolved_at', bigint)
    .addColumn('resolved_by_user_id', bigint)
    .addColumn('updated_at', bigint, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('alerts_series')
    .on('alerts')
    .columns(['organisation_id', 'series_key', 'last_hour_start'])
    .execute();
  await db.schema
    .createIndex('alerts_status')
    .on('alerts')
    .columns(['organisation_id', 'status', 'opened_at'])
    .execute();

  await db.schema
    .createTable('webhooks')
    .addColumn('id', id, primaryKey)
    .addColumn('organisation_id', bigint, (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('created_at', bigint, (c) => c.notNull())
    .addColumn('updated_at', bigint, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', id, primaryKey)
    .addColumn('organisation_id', bigint, (c) => c.notNull())
    .addColumn('webhook_id', bigint, (c) => c.notNull())
    .addColumn('alert_id', bigint, (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('response_status', 'integer')
    .addColumn('delivered_at', bigint)
    .addColumn('created_at', bigint, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('webhook_deliveries_alert')
    .on('webhook_deliveries')
    .columns(['alert_id', 'webhook_id'])
    .execute();

  await db.schema
    .createTable('email_outbox')
    .addColumn('id', id, primaryKey)
    .addColumn('organisation_id', bigint, (c) => c.notNull())
    .addColumn('alert_id', bigint)
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('sent_at', bigint)
    .addColumn('created_at', bigint, (c) => c.notNull())
    .addColumn('updated_at', bigint, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('email_outbox_status')
    .on('email_outbox')
    .columns(['organisation_id', 'status', 'created_at'])
    .execute();
}
