import type { Kysely } from 'kysely';
import type { MigrationContext } from './migration-context.js';

/**
 * One-time links: invitations and password links today, customer portal and partner sign-in
 * and consent withdrawal later, all through one table and one service (auth module). Only a hash
 * of the token is stored; a link expires, is used once, and is bound to the browser that first
 * opens it, so a copy that leaks after that is worth nothing.
 */
export async function up(db: Kysely<unknown>, context: MigrationContext): Promise<void> {
  const { bigint, id, primaryKey } = context;
  await db.schema
    .createTable('one_time_tokens')
    .addColumn('id', id, primaryKey)
    .addColumn('organisation_id', bigint, (c) =>
      c.notNull().references('organisations.id').onDelete('cascade'),
    )
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('user_id', bigint, (c) => c.references('users.id').onDelete('cascade'))
    // What the link is about when it is not a user (a contact, a partner, a consultation).
    .addColumn('subject_type', 'text')
    .addColumn('subject_id', bigint)
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('expires_at', bigint, (c) => c.notNull())
    // The hash of the browser binding of whoever opened the link first.
    .addColumn('bound_to', 'text')
    .addColumn('used_at', bigint)
    .addColumn('created_by_user_id', bigint)
    .addColumn('created_at', bigint, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('one_time_tokens_user')
    .on('one_time_tokens')
    .columns(['user_id', 'purpose'])
    .execute();
  await db.schema
    .createIndex('one_time_tokens_expiry')
    .on('one_time_tokens')
    .column('expires_at')
    .execute();
}
