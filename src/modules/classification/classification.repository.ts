import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.js';

export async function findMessageForCorrection(
  db: Kysely<Database>,
  organisationId: number,
  messageId: number,
) {
  return db
    .selectFrom('messages')
    .select([
      'id',
      'conversation_id',
      'sentiment',
      'intent',
      'language',
      'anger_score',
      'complaint_score',
    ])
    .where('organisation_id', '=', organisationId)
    .where('id', '=', messageId)
    .executeTakeFirst();
}

/** One correction per message and task: a second one replaces the first. */
export async function upsertCorrection(
  db: Kysely<Database>,
  correction: {
    organisationId: number;
    messageId: number;
    task: string;
    label: string;
    predicted: string | null;
    userId: number | null;
    now: number;
  },
): Promise<void> {
  await db
    .insertInto('classification_corrections')
    .values({
      organisation_id: correction.organisationId,
      message_id: correction.messageId,
      task: correction.task,
      label: correction.label,
      predicted: correction.predicted,
      user_id: correction.userId,
      created_at: correction.now,
    })
    .onConflict((conflict) =>
      conflict.columns(['message_id', 'task']).doUpdateSet({
        label: correction.label,
        user_id: correction.userId,
        created_at: correction.now,
      }),
    )
    .execute();
}

/** The corrected examples of a task: the message text with the label an agent gave it. */
export async function correctedExamples(
  db: Kysely<Database>,
  organisationId: number,
  task: string,
) {
  return db
    .selectFrom('classification_corrections as c')
    .innerJoin('messages as m', 'm.id', 'c.message_id')
    .select(['m.text', 'c.label'])
    .where('c.organisation_id', '=', organisationId)
    .where('c.task', '=', task)
    .orderBy('c.id')
    .execute();
}

export async function storeModel(
  db: Kysely<Database>,
  model: { organisationId: number; task: string; version: string; content: string; now: number },
): Promise<number> {
  await db
    .updateTable('classifier_models')
    .set({ active: 0 })
    .where('organisation_id', '=', model.organisationId)
    .where('task', '=', model.task)
    .execute();
  const row = await db
    .insertInto('classifier_models')
    .values({
      organisation_id: model.organisationId,
      task: model.task,
      version: model.version,
      content: model.content,
      active: 1,
      created_at: model.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function activeModels(db: Kysely<Database>, organisationId: number) {
  return db
    .selectFrom('classifier_models')
    .select(['task', 'version', 'content'])
    .where('organisation_id', '=', organisationId)
    .where('active', '=', 1)
    .execute();
}
