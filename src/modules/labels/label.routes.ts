import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { errorResponses, IdParams, principalOf } from '../../server/route-types.js';
import {
  createLabel,
  labelColours,
  labelsOf,
  removeLabel,
  setConversationLabels,
} from './label.service.js';

const LabelSchema = Type.Object({ id: Type.Integer(), name: Type.String(), colour: Type.String() });
const LabelList = Type.Object({ data: Type.Array(LabelSchema) });

export function registerLabelRoutes(base: FastifyInstance, context: AppContext): void {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/v1/labels',
    {
      config: { permission: 'conversations:read' },
      schema: {
        tags: ['labels'],
        summary: "The organisation's labels",
        response: { 200: LabelList, ...errorResponses },
      },
    },
    async (request) => ({ data: await labelsOf(context, principalOf(request)) }),
  );

  app.post(
    '/api/v1/labels',
    {
      config: { permission: 'inbox:manage' },
      schema: {
        tags: ['labels'],
        summary: 'Create a label',
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 60, pattern: '\\S' }),
            colour: Type.Optional(Type.Union(labelColours.map((colour) => Type.Literal(colour)))),
          },
          { additionalProperties: false },
        ),
        response: { 201: LabelSchema, ...errorResponses, 409: errorResponses[400] },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createLabel(context, principalOf(request), request.body)),
  );

  app.delete(
    '/api/v1/labels/:id',
    {
      config: { permission: 'inbox:manage' },
      schema: {
        tags: ['labels'],
        summary: 'Delete a label (it is removed from every conversation)',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses },
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
        body: Type.Object(
          { label_ids: Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 50 }) },
          { additionalProperties: false },
        ),
        response: { 200: LabelList, ...errorResponses },
      },
    },
    async (request) => ({
      data: await setConversationLabels(
        context,
        principalOf(request),
        request.params.id,
        request.body.label_ids,
      ),
    }),
  );
}
