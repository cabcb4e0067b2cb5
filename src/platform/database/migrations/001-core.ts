import type { Kysely } from 'kysely';
import type { MigrationContext } from './migration-context.js';

/** The core model: organisation, people, channels, conversations, ingest and the job queue. */
export async function up(db: Kysely<unknown>, context: MigrationContext): Promise<void> {
  const { id, bigint, primaryKey } = context;

  await db.schema
    .createTable('organisations')
    .addColumn('id', id, primaryKey)
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('settings', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', bigint, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('instance_state')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('id', id, primaryKey)
    .addColumn('organisation_id', bigint, (c) => c.notNull().references('organisations.id'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', bigint)
    .addColumn('disabled_at', bigint)
    .addColumn('last_login_at', bigint)
    .addColumn('created_at', bigint, (c) => c.notNull())
    .addColumn('updated_at', bigint, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('users_email').unique().on('users').column('email').execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', bigint, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', bigint, (c) => c.notNull())
    .addColumn('expires_at', bigint, (c) => c.notNull())
    .addColumn('last_seen_at', bigint, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', id, primaryKey)
    .addColumn('organisation_id', bigint, (c) => c.notNull().references('organisations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull())
    .addColumn('token_prefix', 'text', (c) => c.notNull())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('created_by_user_id', bigint)
    .addColumn('created_at', bigint, (c) => c.notNull())
    .addColumn('last_used_at', bigint)
    .addColumn('revoked_at', bigint)
    .execute();
  await db.schema
    .createIndex('api_tokens_hash')
    .unique()
    .on('api_tokens')
    .column('token_hash')
    .execute();

  await db.schema
    .createTable('teams')
    .addColumn('id', id, primaryKey)
    .addColumn('organisation_id', bigint, (c) => c.notNull().references('organisations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('timezone', 'text', (c) => c.notNull().defaultTo('UTC'))
    .addColumn('created_at', bigint, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('teams_name')
    .unique()
    .on('teams')
    .columns(['organisation_id', 'name'])
    .execute();

  await db.schema
    .createTable('channel_accounts')
    .addColumn('id', id, primaryKey)
    .addColumn('organisation_id', bigint, (c) => c.notNull().references('organisations.id'))
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('handle', 'text', (c) => c.notNull())
    .addColumn('handle_key', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('team_id', bigint, (c) => c.references('teams.id'))
    .addColumn('created_at', bigint, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('channel_accounts_handle')
    .unique()
    .on('channel_accounts')
    .columns(['organisation_id', 'channel', 'handle_key'])
    .execute();

  await db.schema
    .createTable('contacts')
    .addColumn('id', id, primaryKey)
    .addColumn('organisation_id', bigint, (c) => c.notNull().references('organisations.id'))
    .addColumn('name', 'text')
    .addColumn('merged_into_id', bigint)
    .addColumn('created_at', bigint, (c) => c.notNull())
    .addColumn('updated_at', bigint, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('contact_identities')
    .addColumn('id', id, primaryKey)
    .addColumn('organisation_id', bigint, (c) => c.notNull())
    .addColumn('contact_id', bigint, (c) => c.notNull().references('contacts.id'))
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('handle', 'text', (c) => c.notNull())
    .addColumn('handle_key', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text')
    .addColumn('created_at', bigint, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('contact_identities_handle')
    .unique()
    .on('contact_identities')
    .columns(['organisation_id', 'channel', 'handle_key'])
    .execute();
  await db.schema
    .createIndex('contact_identities_contact')
    .on('contact_identities')
    .column('contact_id')
    .execute();

  await db.schema
    .createTable('conversations')
    .addColumn('id', id, primaryKey)
    .addColumn('organisation_id', bigint, (c) => c.notNull().references('organisations.id'))
    .addColumn('channel_account_id', bigint, (c) => c.notNull().references('channel_accounts.id'))
    .addColumn('contact_id', bigint, (c) => c.references('contacts.id'))
    .addColumn('team_id', bigint, (c) => c.references('teams.id'))
    .addColumn('assignee_id', bigint, (c) => c.references('users.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('priority', 'text', (c) => c.notNull())
    .addColumn('message_count', 'integer', (c) => c.notNull())
    .addColumn('first_message_at', bigint, (c) => c.notNull())
    .addColumn('last_message_at', bigint, (c) => c.notNull())
    .addColumn('last_inbound_at', bigint)
    .addColumn('snoozed_until', bigint)
    .addColumn('created_at', bigint, (c) => c.notNull())
    .addColumn('updated_at', bigint, (c) => c.notNull())
    .execute();
  for (const column of ['channel_account_id', 'contact_id', 'team_id', 'assignee_id', 'status']) {
    await db.schema
      .createIndex(`conversations_${column}`)
      .on('conversations')
      .columns(['organisation_id', column, 'last_message_at'])
      .execute();
  }
  await db.schema
    .createIndex('conversations_activity')
    .on('conversations')
    .columns(['organisation_id', 'last_message_at'])
    .execute();

  await db.schema
    .createTable('messages')
    .addColumn('id', id, primaryKey)
    .addColumn('organisation_id', bigint, (c) => c.notNull())
    .addColumn('conversation_id', bigint, (c) => c.notNull().references('conversations.id'))
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text')
    .addColumn('in_reply_to_external_id', 'text')
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('author_contact_id', bigint)
    .addColumn('author_user_id', bigint)
    .addColumn('author_handle', 'text')
    .addColumn('author_name', 'text')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('is_private_note', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', bigint, (c) => c.notNull())
    .addColumn('received_at', bigint, (c) => c.notNull())
    .addColumn('inbound_event_id', bigint)
    .addColumn('raw', 'text')
    .execute();
  await db.schema
    .createIndex('messages_external')
    .unique()
    .on('messages')
    .columns(['organisation_id', 'channel', 'external_id'])
    .execute();
  await db.schema
    .createIndex('messages_reply_to')
    .on('messages')
    .columns(['organisation_id', 'channel', 'in_reply_to_external_id'])
    .execute();
  await db.schema
    .createIndex('messages_conversation')
    .on('messages')
    .columns(['conversation_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('inbound_events')
    .addColumn('id', id, primaryKey)
    .addColumn('organisation_id', bigint, (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('received_at', bigint, (c) => c.notNull())
    .addColumn('processed_at', bigint)
    .execute();
  await db.schema
    .createIndex('inbound_events_external')
    .unique()
    .on('inbound_events')
    .columns(['organisation_id', 'channel', 'external_id'])
    .execute();

  await db.schema
    .createTable('jobs')
    .addColumn('id', id, primaryKey)
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c) => c.notNull())
    .addColumn('run_at', bigint, (c) => c.notNull())
    .addColumn('locked_until', bigint)
    .addColumn('locked_by', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', bigint, (c) => c.notNull())
    .addColumn('updated_at', bigint, (c) => c.notNull())
    .execute();
  // Finished jobs are deleted, so this index only ever covers the live queue and claiming stays
  // as fast with a billion processed messages as with none.
  await db.schema.createIndex('jobs_claim').on('jobs').columns(['status', 'run_at']).execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', id, primaryKey)
    .addColumn('organisation_id', bigint, (c) => c.notNull())
    .addColumn('actor_type', 'text', (c) => c.notNull())
    .addColumn('actor_id', bigint)
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', bigint)
    .addColumn('changes', 'text', (c) => c.notNull())
    .addColumn('created_at', bigint, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('audit_log_subject')
    .on('audit_log')
    .columns(['organisation_id', 'subject_type', 'subject_id'])
    .execute();
}
