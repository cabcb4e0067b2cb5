import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { errorResponses, principalOf } from '../../server/route-types.js';
import { correctableTasks, correctClassification } from './classification.service.js';
import { modelRegistry } from './classifier-registry.js';

export function registerClassificationRoutes(base: FastifyInstance, context: AppContext): void {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();

  app.put(
    '/api/v1/messages/:id/classification/:task',
    {
      config: { permission: 'conversations:write' },
      schema: {
        tags: ['listening'],
        summary: "Correct a message's label; the correction becomes a training example",
        params: Type.Object({
          id: Type.Integer({ minimum: 1 }),
          task: Type.Union(correctableTasks.map((task) => Type.Literal(task))),
        }),
        body: Type.Object(
          { label: Type.String({ minLength: 1, maxLength: 100 }) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            message_id: Type.Integer(),
            task: Type.String(),
            label: Type.String(),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) =>
      correctClassification(
        context,
        principalOf(request),
        request.params.id,
        request.params.task,
        request.body.label,
      ),
  );

  app.get(
    '/api/v1/classification/models',
    {
      config: { permission: 'conversations:read' },
      schema: {
        tags: ['listening'],
        summary: 'The active model of each task, with its labels',
        response: {
          200: Type.Object({
            data: Type.Array(
              Type.Object({
                task: Type.String(),
                version: Type.String(),
                labels: Type.Array(Type.String()),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async () => {
      const registry = modelRegistry();
      const versions = registry.versions();
      return {
        data: Object.entries(versions).map(([task, version]) => ({
          task,
          version,
          labels: [...registry.get(task as keyof typeof versions).labels],
        })),
      };
    },
  );
}
