import type { Kysely } from 'kysely';
import type { MigrationContext } from './migration-context.js';

/**
 * What the classify stage says of each message (kept on the message row: one write, read with the
 * thread), the agents' corrections (training labels), the reason a conversation's priority was
 * raised, and models trained by the organisation (stored in the database so every process of a
 * deployment loads the same active model).
 */
export async function up(db: Kysely<unknown>, context: MigrationContext): Promise<void> {
  const { id, bigint, primaryKey } = context;
  const real = context.dialect === 'postgres' ? 'double precision' : 'real';
  const columns: [string, 'text' | typeof real | 'integer'][] = [
    ['sentiment', 'text'],
    ['sentiment_score', real],
    ['anger_score', real],
    ['complaint_score', real],
    ['intent', 'text'],
    ['intent_score', real],
    ['language', 'text'],
    ['churn_risk', 'text'],
    ['classifier_version', 'text'],
  ];
  for (const [name, type] of columns) {
    await db.schema.alterTable('messages').addColumn(name, type).execute();
  }
  await db.schema.alterTable('conversations').addColumn('priority_reason', 'text').execute();

  await db.schema
    .createTable('classification_corrections')
    .addColumn('id', id, primaryKey)
    .addColumn('organisation_id', bigint, (c) => c.notNull())
    .addColumn('message_id', bigint, (c) => c.notNull())
    .addColumn('task', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('predicted', 'text')
    .addColumn('user_id', bigint)
    .addColumn('created_at', bigint, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('classification_corrections_message_task')
    .unique()
    .on('classification_corrections')
    .columns(['message_id', 'task'])
    .execute();
  await db.schema
    .createIndex('classification_corrections_task')
    .on('classification_corrections')
    .columns(['organisation_id', 'task'])
    .execute();

  await db.schema
    .createTable('classifier_models')
    .addColumn('id', id, primaryKey)
    .addColumn('organisation_id', bigint, (c) => c.notNull())
    .addColumn('task', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', bigint, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('classifier_models_task')
    .on('classifier_models')
    .columns(['organisation_id', 'task', 'active'])
    .execute();
}
