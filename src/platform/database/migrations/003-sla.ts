import type { Kysely } from 'kysely';
import type { MigrationContext } from './migration-context.js';

/**
 * Business-hours calendars, SLA policies and their per-conversation state, the notifications
 * escalations leave for people, and the per-conversation rollup that reports read (so a report
 * never scans the message history).
 */
export async function up(db: Kysely<unknown>, context: MigrationContext): Promise<void> {
  const { id, bigint, primaryKey } = context;

  await db.schema.alterTable('contacts').addColumn('tier', 'text').execute();
  // Replies written by automations must not stop a first-response clock.
  await db.schema
    .alterTable('users')
    .addColumn('is_bot', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('team_calendars')
    .addColumn('team_id', bigint, (c) => c.primaryKey().references('teams.id'))
    .addColumn('organisation_id', bigint, (c) => c.notNull())
    .addColumn('timezone', 'text', (c) => c.notNull())
    .addColumn('weekly', 'text', (c) => c.notNull())
    .addColumn('exceptions', 'text', (c) => c.notNull())
    .addColumn('updated_at', bigint, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sla_policies')
    .addColumn('id', id, primaryKey)
    .addColumn('organisation_id', bigint, (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('conditions', 'text', (c) => c.notNull())
    .addColumn('first_response_ms', bigint)
    .addColumn('next_response_ms', bigint)
    .addColumn('resolution_ms', bigint)
    .addColumn('business_hours', 'integer', (c) => c.notNull())
    .addColumn('warning_percent', 'integer', (c) => c.notNull().defaultTo(75))
    .addColumn('escalation', 'text', (c) => c.notNull())
    .addColumn('created_at', bigint, (c) => c.notNull())
    .addColumn('updated_at', bigint, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('sla_policies_position')
    .on('sla_policies')
    .columns(['organisation_id', 'position'])
    .execute();

  await db.schema
    .createTable('conversation_sla')
    .addColumn('conversation_id', bigint, (c) => c.primaryKey())
    .addColumn('organisation_id', bigint, (c) => c.notNull())
    .addColumn('policy_id', bigint)
    .addColumn('first_response_due_at', bigint)
    .addColumn('first_response_warned', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('first_response_breached_at', bigint)
    .addColumn('next_response_started_at', bigint)
    .addColumn('next_response_due_at', bigint)
    .addColumn('next_response_warned', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_response_breached_at', bigint)
    .addColumn('resolution_due_at', bigint)
    .addColumn('resolution_warned', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('resolution_breached_at', bigint)
    .addColumn('next_due_at', bigint)
    .addColumn('paused', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('check_at', bigint)
    .addColumn('updated_at', bigint, (c) => c.notNull())
    .execute();
  // The inbox's "breaching soon" view and sort by due time.
  await db.schema
    .createIndex('conversation_sla_due')
    .on('conversation_sla')
    .columns(['organisation_id', 'next_due_at'])
    .execute();

  await db.schema
    .createTable('notifications')
    .addColumn('id', id, primaryKey)
    .addColumn('organisation_id', bigint, (c) => c.notNull())
    .addColumn('recipient_user_id', bigint, (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('conversation_id', bigint)
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('created_at', bigint, (c) => c.notNull())
    .addColumn('read_at', bigint)
    .execute();
  await db.schema
    .createIndex('notifications_recipient')
    .on('notifications')
    .columns(['recipient_user_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('conversation_metrics')
    .addColumn('conversation_id', bigint, (c) => c.primaryKey())
    .addColumn('organisation_id', bigint, (c) => c.notNull())
    .addColumn('channel_account_id', bigint, (c) => c.notNull())
    .addColumn('team_id', bigint)
    .addColumn('agent_id', bigint)
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('first_inbound_at', bigint, (c) => c.notNull())
    .addColumn('first_response_at', bigint)
    .addColumn('frt_ms', bigint)
    .addColumn('resolved_at', bigint)
    .addColumn('resolution_ms', bigint)
    .addColumn('reopen_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('policy_id', bigint)
    .addColumn('first_response_met', 'integer')
    .addColumn('first_response_breached', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_response_breached', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('resolution_breached', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', bigint, (c) => c.notNull())
    .execute();
  // Every report filters by organisation and a range of first customer messages; the trailing
  // columns make the index covering for the attainment and percentile queries.
  await db.schema
    .createIndex('conversation_metrics_period')
    .on('conversation_metrics')
    .columns(['organisation_id', 'first_inbound_at', 'channel_account_id', 'team_id', 'frt_ms'])
    .execute();
  await db.schema
    .createIndex('conversation_metrics_backlog')
    .on('conversation_metrics')
    .columns(['organisation_id', 'status', 'first_inbound_at'])
    .execute();
  await db.schema
    .createIndex('conversation_metrics_breaches')
    .on('conversation_metrics')
    .columns(['organisation_id', 'first_response_breached', 'first_inbound_at'])
    .execute();
}
