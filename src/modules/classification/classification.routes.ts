import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { errorResponses, principalOf } from '../../server/route-types.js';
import { presentActiveModels, presentCorrection } from './classification.presenter.js';
import {
  ActiveModelListSchema,
  CorrectionBody,
  CorrectionParams,
  CorrectionSchema,
} from './classification.schema.js';
import { activeModelsOfTasks, correctClassification } from './classification.service.js';

export function registerClassificationRoutes(base: FastifyInstance, context: AppContext): void {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();

  app.put(
    '/api/v1/messages/:id/classification/:task',
    {
      config: { permission: 'conversations:write' },
      schema: {
        tags: ['listening'],
        summary: "Correct a message's label; the correction becomes a training example",
        params: CorrectionParams,
        body: CorrectionBody,
        response: { 200: CorrectionSchema, ...errorResponses },
      },
    },
    async (request) =>
      presentCorrection(
        await correctClassification(
          context,
          principalOf(request),
          request.params.id,
          request.params.task,
          request.body.label,
        ),
      ),
  );

  app.get(
    '/api/v1/classification/models',
    {
      config: { permission: 'conversations:read' },
      schema: {
        tags: ['listening'],
        summary: 'The active model of each task, with its labels',
        response: { 200: ActiveModelListSchema, ...errorResponses },
      },
    },
    async () => presentActiveModels(activeModelsOfTasks()),
  );
}
