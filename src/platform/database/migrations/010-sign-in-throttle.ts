import type { Kysely } from 'kysely';
import type { MigrationContext } from './migration-context.js';

/**
 * Sign-in that holds under attack: failure counters per account, per account and address, per
 * address and per known browser, counted with one atomic upsert each (so concurrent guesses all
 * count); the browsers that signed in to an account before (exempt from the account-wide
 * throttle); and where each session was opened from, for the admin's list of a user's sessions.
 * The old `users.failed_logins` and `users.locked_until` columns are no longer read.
 */
export async function up(db: Kysely<unknown>, context: MigrationContext): Promise<void> {
  const { bigint } = context;
  await db.schema
    .createTable('sign_in_throttles')
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    // The hashed e-mail the counter belongs to, so a password reset can clear that account's.
    .addColumn('account_key', 'text')
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('blocked_until', bigint, (c) => c.notNull())
    .addColumn('expires_at', bigint, (c) => c.notNull())
    .addPrimaryKeyConstraint('sign_in_throttles_pk', ['scope', 'subject'])
    .execute();
  await db.schema
    .createIndex('sign_in_throttles_expiry')
    .on('sign_in_throttles')
    .column('expires_at')
    .execute();
  await db.schema
    .createIndex('sign_in_throttles_account')
    .on('sign_in_throttles')
    .column('account_key')
    .execute();

  await db.schema
    .createTable('known_browsers')
    .addColumn('token_hash', 'text', (c) => c.notNull())
    .addColumn('user_id', bigint, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', bigint, (c) => c.notNull())
    .addColumn('last_used_at', bigint, (c) => c.notNull())
    .addPrimaryKeyConstraint('known_browsers_pk', ['token_hash', 'user_id'])
    .execute();
  await db.schema
    .createIndex('known_browsers_user')
    .on('known_browsers')
    .columns(['user_id', 'last_used_at'])
    .execute();

  await db.schema.alterTable('sessions').addColumn('user_agent', 'text').execute();
  await db.schema.alterTable('sessions').addColumn('ip_address', 'text').execute();
  await db.schema
    .createIndex('api_tokens_created_by')
    .on('api_tokens')
    .column('created_by_user_id')
    .execute();
}
