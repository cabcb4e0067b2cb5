import type { Kysely } from 'kysely';
import type { MigrationContext } from './migration-context.js';

/**
 * Close the loop (issue 13): when a notice was claimed for sending (a notice stuck in `sending`
 * past a timeout was interrupted mid-send), and the check-back answers ("did this fix it for
 * you?") of the people linked to a shipped decision, one per shipment and person.
 */
export async function up(db: Kysely<unknown>, context: MigrationContext): Promise<void> {
  const { id, bigint, primaryKey } = context;

  await db.schema.alterTable('notices').addColumn('claimed_at', bigint).execute();

  await db.schema
    .createTable('check_back_answers')
    .addColumn('id', id, primaryKey)
    .addColumn('organisation_id', bigint, (c) => c.notNull())
    .addColumn('decision_id', bigint, (c) => c.notNull())
    // The `shipped` decision event the check-back follows: a decision shipped again asks again.
    .addColumn('event_id', bigint, (c) => c.notNull())
    .addColumn('contact_id', bigint, (c) => c.notNull())
    // yes | partly | no
    .addColumn('answer', 'text', (c) => c.notNull())
    .addColumn('comment', 'text')
    // The one-question pulse: "do you believe your feedback changes things here?" yes | no.
    .addColumn('believes_influence', 'text')
    .addColumn('answered_at', bigint, (c) => c.notNull())
    .addColumn('updated_at', bigint, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('check_back_answers_person')
    .unique()
    .on('check_back_answers')
    .columns(['event_id', 'contact_id'])
    .execute();
  await db.schema
    .createIndex('check_back_answers_decision')
    .on('check_back_answers')
    .columns(['organisation_id', 'decision_id'])
    .execute();
}
