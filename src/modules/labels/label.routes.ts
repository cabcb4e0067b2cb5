import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { errorResponses, IdParams, principalOf, refTo } from '../../server/route-types.js';
import { presentLabel, presentLabelList } from './label.presenter.js';
import {
  CreateLabelBody,
  LabelListSchema,
  LabelSchema,
  labelSchemas,
  NoContent,
  SetConversationLabelsBody,
} from './label.schema.js';
import { createLabel, labelsOf, removeLabel, setConversationLabels } from './label.service.js';

export function registerLabelRoutes(base: FastifyInstance, context: AppContext): void {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  for (const schema of labelSchemas) app.addSchema(schema);

  app.get(
    '/api/v1/labels',
    {
      config: { permission: 'conversations:read' },
      schema: {
        tags: ['labels'],
        summary: "The organisation's labels",
        response: { 200: refTo(LabelListSchema), ...errorResponses },
      },
    },
    async (request) => presentLabelList(await labelsOf(context, principalOf(request))),
  );

  app.post(
    '/api/v1/labels',
    {
      config: { permission: 'inbox:manage' },
      schema: {
        tags: ['labels'],
        summary: 'Create a label',
        body: CreateLabelBody,
        response: { 201: LabelSchema, ...errorResponses, 409: errorResponses[400] },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(presentLabel(await createLabel(context, principalOf(request), request.body))),
  );

  app.delete(
    '/api/v1/labels/:id',
    {
      config: { permission: 'inbox:manage' },
      schema: {
        tags: ['labels'],
        summary: 'Delete a label (it is removed from every conversation)',
        params: IdParams,
        response: { 204: NoContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      await removeLabel(context, principalOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.put(
    '/api/v1/conversations/:id/labels',
    {
      config: { permission: 'conversations:write' },
      schema: {
        tags: ['labels'],
        summary: "Set a conversation's labels",
        params: IdParams,
        body: SetConversationLabelsBody,
        response: { 200: refTo(LabelListSchema), ...errorResponses },
      },
    },
    async (request) =>
      presentLabelList(
        await setConversationLabels(
          context,
          principalOf(request),
          request.params.id,
          request.body.label_ids,
        ),
      ),
  );
}
