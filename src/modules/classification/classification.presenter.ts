import type { Static } from '@sinclair/typebox';
import type { ActiveModelListSchema, CorrectionSchema } from './classification.schema.js';
import type { activeModelsOfTasks, correctClassification } from './classification.service.js';

export function presentCorrection(
  correction: Awaited<ReturnType<typeof correctClassification>>,
): Static<typeof CorrectionSchema> {
  return {
    message_id: correction.messageId,
    task: correction.task,
    label: correction.label,
  };
}

export function presentActiveModels(
  models: ReturnType<typeof activeModelsOfTasks>,
): Static<typeof ActiveModelListSchema> {
  return {
    data: models.map((model) => ({
      task: model.task,
      version: model.version,
      labels: [...model.labels],
    })),
  };
}
