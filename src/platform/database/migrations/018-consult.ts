import type { Kysely } from 'kysely';
import type { MigrationContext } from './migration-context.js';

/**
 * Consult (issue 12): a proposed change tested ring by ring. A consultation has versions of its
 * text, ordered rings (each with an audience, dates, a quorum, questions and a gate decision),
 * one response per person and ring (with every change kept), a register of concerns and a record
 * of who saw which version. Answers are also written one row per value (`consultation_answer_values`)
 * so results are SQL aggregations, never a scan of JSON in the application.
 */
export async function up(db: Kysely<unknown>, context: MigrationContext): Promise<void> {
  const { id, bigint, primaryKey } = context;

  await db.schema
    .createTable('consultations')
    .addColumn('id', id, primaryKey)
    .addColumn('organisation_id', bigint, (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('owner_user_id', bigint, (c) => c.notNull())
    // draft | running | announced | stopped
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('anonymous', 'integer', (c) => c.notNull())
    .addColumn('created_at', bigint, (c) => c.notNull())
    .addColumn('updated_at', bigint, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('consultations_organisation')
    .on('consultations')
    .columns(['organisation_id', 'id'])
    .execute();

  await db.schema
    .createTable('consultation_versions')
    .addColumn('id', id, primaryKey)
    .addColumn('organisation_id', bigint, (c) => c.notNull())
    .addColumn('consultation_id', bigint, (c) => c.notNull())
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    // JSON array of concern ids this version answers.
    .addColumn('answers_concerns', 'text', (c) => c.notNull())
    .addColumn('created_by_user_id', bigint, (c) => c.notNull())
    .addColumn('created_at', bigint, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('consultation_versions_number')
    .unique()
    .on('consultation_versions')
    .columns(['consultation_id', 'number'])
    .execute();

  await db.schema
    .createTable('consultation_rings')
    .addColumn('id', id, primaryKey)
    .addColumn('organisation_id', bigint, (c) => c.notNull())
    .addColumn('consultation_id', bigint, (c) => c.notNull())
    .addColumn('ordinal', 'integer', (c) => c.notNull())
    // A ring repeated after a "revise" gate is a new row with the same ordinal and round + 1.
    .addColumn('round', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('audience', 'text', (c) => c.notNull())
    .addColumn('opens_at', bigint, (c) => c.notNull())
    .addColumn('closes_at', bigint, (c) => c.notNull())
    .addColumn('quorum', 'integer', (c) => c.notNull())
    // draft | open | closed | gated
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('version_id', bigint)
    .addColumn('opened_at', bigint)
    .addColumn('closed_at', bigint)
    .addColumn('quorum_alerted_at', bigint)
    .execute();
  await db.schema
    .createIndex('consultation_rings_order')
    .unique()
    .on('consultation_rings')
    .columns(['consultation_id', 'ordinal', 'round'])
    .execute();

  await db.schema
    .createTable('consultation_questions')
    .addColumn('id', id, primaryKey)
    .addColumn('organisation_id', bigint, (c) => c.notNull())
    .addColumn('ring_id', bigint, (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    // stance | scale | single | multiple | text
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('prompt', 'text', (c) => c.notNull())
    // JSON array of option labels (single, multiple), [min, max] labels for scale, [] otherwise.
    .addColumn('options', 'text', (c) => c.notNull())
    .addColumn('required', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('consultation_questions_ring')
    .on('consultation_questions')
    .columns(['ring_id', 'position'])
    .execute();

  await db.schema
    .createTable('consultation_responses')
    .addColumn('id', id, primaryKey)
    .addColumn('organisation_id', bigint, (c) => c.notNull())
    .addColumn('consultation_id', bigint, (c) => c.notNull())
    .addColumn('ring_id', bigint, (c) => c.notNull())
    // `user:<id>` or `contact:<id>`: one response per person and ring.
    .addColumn('person_key', 'text', (c) => c.notNull())
    .addColumn('contact_id', bigint, (c) => c.notNull())
    .addColumn('user_id', bigint)
    // support | support_with_changes | oppose | block: copied out of answers for GROUP BY.
    .addColumn('stance', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('answers', 'text', (c) => c.notNull())
    .addColumn('request_id', 'text', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('created_at', bigint, (c) => c.notNull())
    .addColumn('updated_at', bigint, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('consultation_responses_person')
    .unique()
    .on('consultation_responses')
    .columns(['ring_id', 'person_key'])
    .execute();
  await db.schema
    .createIndex('consultation_responses_ring_stance')
    .on('consultation_responses')
    .columns(['ring_id', 'stance', 'contact_id'])
    .execute();

  // One row per answered value of the non-stance questions: results GROUP BY these.
  await db.schema
    .createTable('consultation_answer_values')
    .addColumn('response_id', bigint, (c) => c.notNull())
    .addColumn('ring_id', bigint, (c) => c.notNull())
    .addColumn('question_id', bigint, (c) => c.notNull())
    .addColumn('contact_id', bigint, (c) => c.notNull())
    .addColumn('option', 'text')
    .addColumn('number', 'real')
    .execute();
  await db.schema
    .createIndex('consultation_answer_values_question')
    .on('consultation_answer_values')
    .columns(['ring_id', 'question_id', 'option'])
    .execute();
  await db.schema
    .createIndex('consultation_answer_values_response')
    .on('consultation_answer_values')
    .columns(['response_id'])
    .execute();

  await db.schema
    .createTable('consultation_response_history')
    .addColumn('id', id, primaryKey)
    .addColumn('organisation_id', bigint, (c) => c.notNull())
    .addColumn('response_id', bigint, (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('answers', 'text', (c) => c.notNull())
    .addColumn('request_id', 'text', (c) => c.notNull())
    .addColumn('recorded_at', bigint, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('consultation_response_history_response')
    .unique()
    .on('consultation_response_history')
    .columns(['response_id', 'revision'])
    .execute();

  await db.schema
    .createTable('consultation_gate_decisions')
    .addColumn('id', id, primaryKey)
    .addColumn('organisation_id', bigint, (c) => c.notNull())
    .addColumn('ring_id', bigint, (c) => c.notNull())
    // go | revise | stop
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('override_reason', 'text')
    .addColumn('decided_by_user_id', bigint, (c) => c.notNull())
    .addColumn('decided_at', bigint, (c) => c.notNull())
    .execute();
  // One gate per ring round: a second "go" for the same ring is refused by the database too.
  await db.schema
    .createIndex('consultation_gate_decisions_ring')
    .unique()
    .on('consultation_gate_decisions')
    .columns(['ring_id'])
    .execute();

  await db.schema
    .createTable('consultation_concerns')
    .addColumn('id', id, primaryKey)
    .addColumn('organisation_id', bigint, (c) => c.notNull())
    .addColumn('consultation_id', bigint, (c) => c.notNull())
    .addColumn('ring_id', bigint, (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    // open | changed | clarified | declined | merged
    .addColumn('disposition', 'text', (c) => c.notNull())
    .addColumn('version_id', bigint)
    .addColumn('clarification', 'text')
    .addColumn('decline_reason', 'text')
    .addColumn('merged_into_id', bigint)
    .addColumn('hot', 'integer', (c) => c.notNull())
    .addColumn('hot_reasons', 'text', (c) => c.notNull())
    .addColumn('manual', 'integer', (c) => c.notNull())
    .addColumn('created_at', bigint, (c) => c.notNull())
    .addColumn('updated_at', bigint, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('consultation_concerns_ring')
    .on('consultation_concerns')
    .columns(['consultation_id', 'ring_id'])
    .execute();

  await db.schema
    .createTable('consultation_concern_members')
    .addColumn('concern_id', bigint, (c) => c.notNull())
    .addColumn('response_id', bigint, (c) => c.notNull())
    .addPrimaryKeyConstraint('consultation_concern_members_pk', ['concern_id', 'response_id'])
    .execute();

  await db.schema
    .createTable('consultation_views')
    .addColumn('id', id, primaryKey)
    .addColumn('organisation_id', bigint, (c) => c.notNull())
    .addColumn('consultation_id', bigint, (c) => c.notNull())
    .addColumn('version_id', bigint, (c) => c.notNull())
    .addColumn('person_key', 'text', (c) => c.notNull())
    .addColumn('contact_id', bigint, (c) => c.notNull())
    .addColumn('viewed_at', bigint, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('consultation_views_consultation')
    .on('consultation_views')
    .columns(['consultation_id', 'viewed_at'])
    .execute();

  // Per-person revocation: a revoked person sees nothing of the consultation, in any ring.
  await db.schema
    .createTable('consultation_revocations')
    .addColumn('consultation_id', bigint, (c) => c.notNull())
    .addColumn('person_key', 'text', (c) => c.notNull())
    .addColumn('organisation_id', bigint, (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('revoked_by_user_id', bigint, (c) => c.notNull())
    .addColumn('revoked_at', bigint, (c) => c.notNull())
    .addPrimaryKeyConstraint('consultation_revocations_pk', ['consultation_id', 'person_key'])
    .execute();
}
