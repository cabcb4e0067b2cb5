import { deserialiseModel, isTask, TASKS, type Task } from '../../nlp/index.js';
import type { AppContext } from '../../platform/context.js';
import { withTransaction } from '../../platform/database/connection.js';
import { AppError, notFound } from '../../platform/errors.js';
import { recordAudit } from '../audit/index.js';
import { actorOf, type Principal } from '../auth/index.js';
import {
  activeModels,
  correctedExamples,
  findMessageForCorrection,
  storeModel,
  upsertCorrection,
} from './classification.repository.js';
import type { CorrectableTask } from './classification.schema.js';
import { activateModelContent, labelsOf, modelRegistry } from './classifier-registry.js';

function predictedLabel(
  message: NonNullable<Awaited<ReturnType<typeof findMessageForCorrection>>>,
  task: CorrectableTask,
): string | null {
  if (task === 'sentiment') return message.sentiment;
  if (task === 'intent') return message.intent;
  const score = task === 'anger' ? message.anger_score : message.complaint_score;
  if (score === null) return null;
  return score >= 0.5 ? task : 'other';
}

/**
 * Stores an agent's correction of a label as a training example for the organisation's own
 * models (`hearken train <task> --from-corrections`).
 */
export async function correctClassification(
  context: AppContext,
  principal: Principal,
  messageId: number,
  task: CorrectableTask,
  label: string,
) {
  const labels = labelsOf(task);
  if (!labels.includes(label)) {
    throw new AppError('validation_failed', 'unknown label', [
      {
        path: 'body/label',
        message: `one of: ${labels.slice(0, 20).join(', ')}${labels.length > 20 ? ', ...' : ''}`,
      },
    ]);
  }
  const now = Date.now();
  await withTransaction(context.database, async (trx) => {
    const message = await findMessageForCorrection(trx, principal.organisationId, messageId);
    if (!message) throw notFound('message');
    const predicted = predictedLabel(message, task);
    await upsertCorrection(trx, {
      organisationId: principal.organisationId,
      messageId,
      task,
      label,
      predicted,
      userId: principal.userId,
      now,
    });
    await recordAudit(trx, {
      organisationId: principal.organisationId,
      actor: actorOf(principal),
      action: 'classification.corrected',
      subjectType: 'message',
      subjectId: messageId,
      changes: { task, from: predicted, to: label },
    });
  });
  return { messageId, task, label };
}

/** The model this process uses for each task, with its version and labels. */
export function activeModelsOfTasks(): {
  task: Task;
  version: string;
  labels: readonly string[];
}[] {
  const registry = modelRegistry();
  return TASKS.map((task) => {
    const model = registry.get(task);
    return { task, version: model.version, labels: model.labels };
  });
}

export async function correctionExamples(context: AppContext, organisationId: number, task: Task) {
  return correctedExamples(context.database.db, organisationId, task);
}

/**
 * Makes a trained model the active one for its task: stored in the database (so every process
 * of the deployment loads it at start) and swapped in for this process at once.
 */
export async function activateModel(
  context: AppContext,
  organisationId: number,
  content: string,
  source: string,
): Promise<{ task: Task; version: string }> {
  const model = deserialiseModel(content, source);
  const task = model.metadata.task;
  if (!isTask(task))
    throw new AppError('validation_failed', `the model's task "${task}" is unknown`);
  activateModelContent(task, content, source);
  await storeModel(context.database.db, {
    organisationId,
    task,
    version: model.version,
    content,
    now: Date.now(),
  });
  return { task, version: model.version };
}

/** Loads the organisation's active models into this process (at start). */
export async function loadActiveModels(context: AppContext, organisationId: number) {
  for (const row of await activeModels(context.database.db, organisationId)) {
    if (!isTask(row.task)) continue;
    try {
      activateModelContent(row.task, row.content, `stored model ${row.version}`);
    } catch (error) {
      context.logger.error(
        { err: error, task: row.task },
        'stored model could not be loaded; using the shipped one',
      );
    }
  }
}
