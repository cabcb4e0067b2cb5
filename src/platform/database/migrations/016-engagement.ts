import type { Kysely } from 'kysely';
import type { MigrationContext } from './migration-context.js';

/**
 * The parts Consult, Close the loop and Community share (docs/engagement.md): one person with
 * many roles (a user may be linked to the contact that represents them), contact attributes with
 * declared keys, consent as records with purposes, participant sessions for people who sign in
 * by e-mailed link, and notices (one way to tell a person something, deduplicated per step).
 */
export async function up(db: Kysely<unknown>, context: MigrationContext): Promise<void> {
  const { id, bigint, primaryKey } = context;

  // An employee who is also a customer is one contact linked to one user.
  await db.schema.alterTable('users').addColumn('contact_id', bigint).execute();
  await db.schema
    .createIndex('users_contact')
    .unique()
    .on('users')
    .columns(['organisation_id', 'contact_id'])
    .execute();

  await db.schema
    .createTable('attribute_definitions')
    .addColumn('id', id, primaryKey)
    .addColumn('organisation_id', bigint, (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    // text | number | enum | set
    .addColumn('type', 'text', (c) => c.notNull())
    // JSON array of allowed values for enum; '[]' otherwise.
    .addColumn('options', 'text', (c) => c.notNull())
    // csv | system
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('created_at', bigint, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('attribute_definitions_key')
    .unique()
    .on('attribute_definitions')
    .columns(['organisation_id', 'key'])
    .execute();

  // One row per (contact, key) for single-valued keys; one row per value for a `set` key.
  await db.schema
    .createTable('contact_attributes')
    .addColumn('organisation_id', bigint, (c) => c.notNull())
    .addColumn('contact_id', bigint, (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', bigint, (c) => c.notNull())
    .addPrimaryKeyConstraint('contact_attributes_pk', ['contact_id', 'key', 'value'])
    .execute();
  await db.schema
    .createIndex('contact_attributes_value')
    .on('contact_attributes')
    .columns(['organisation_id', 'key', 'value'])
    .execute();

  await db.schema
    .createTable('consents')
    .addColumn('id', id, primaryKey)
    .addColumn('organisation_id', bigint, (c) => c.notNull())
    .addColumn('contact_id', bigint, (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('granted_at', bigint, (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('withdrawn_at', bigint)
    .addColumn('withdrawn_source', 'text')
    .execute();
  await db.schema
    .createIndex('consents_contact_purpose')
    .on('consents')
    .columns(['organisation_id', 'contact_id', 'purpose'])
    .execute();
  await db.schema
    .createIndex('consents_purpose')
    .on('consents')
    .columns(['organisation_id', 'purpose'])
    .execute();

  // A contact's session, opened by a one-time link: scope 'portal' or 'consultation:<id>'.
  await db.schema
    .createTable('participant_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', bigint, (c) => c.notNull())
    .addColumn('contact_id', bigint, (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', bigint, (c) => c.notNull())
    .addColumn('expires_at', bigint, (c) => c.notNull())
    .addColumn('last_seen_at', bigint, (c) => c.notNull())
    .addColumn('revoked_at', bigint)
    .addColumn('user_agent', 'text')
    .addColumn('ip_address', 'text')
    .execute();
  await db.schema
    .createIndex('participant_sessions_contact')
    .on('participant_sessions')
    .columns(['organisation_id', 'contact_id'])
    .execute();

  await db.schema
    .createTable('notices')
    .addColumn('id', id, primaryKey)
    .addColumn('organisation_id', bigint, (c) => c.notNull())
    .addColumn('contact_id', bigint)
    .addColumn('user_id', bigint)
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', bigint, (c) => c.notNull())
    .addColumn('step', 'text', (c) => c.notNull())
    // email | conversation | portal
    .addColumn('channel', 'text', (c) => c.notNull())
    // pending | sending | sent | skipped | failed
    .addColumn('status', 'text', (c) => c.notNull())
    // purpose:subject:step:person, so a person linked five times is told once per step.
    .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error', 'text')
    .addColumn('created_at', bigint, (c) => c.notNull())
    .addColumn('sent_at', bigint)
    .execute();
  await db.schema
    .createIndex('notices_status')
    .on('notices')
    .columns(['organisation_id', 'status', 'id'])
    .execute();
  await db.schema
    .createIndex('notices_person')
    .on('notices')
    .columns(['organisation_id', 'contact_id', 'created_at'])
    .execute();
}
