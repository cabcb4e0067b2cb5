import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { errorResponses, IdParams, principalOf } from '../../server/route-types.js';
import {
  cannedRepliesOf,
  changeCannedReply,
  createCannedReply,
  removeCannedReply,
  renderCannedReply,
} from './canned-reply.service.js';

const CannedReplySchema = Type.Object({
  id: Type.Integer(),
  shortcut: Type.String(),
  title: Type.String(),
  body: Type.String(),
  updated_at: Type.String(),
});

const fields = {
  shortcut: Type.String({ minLength: 1, maxLength: 40, pattern: '^[a-z0-9][a-z0-9_-]*$' }),
  title: Type.String({ minLength: 1, maxLength: 120 }),
  body: Type.String({
    minLength: 1,
    maxLength: 5000,
    description: 'Text with {{contact.name}}, {{agent.name}} or {{conversation.id}}.',
  }),
};

const present = (row: {
  id: number;
  shortcut: string;
  title: string;
  body: string;
  updated_at: number;
}) => ({ ...row, updated_at: new Date(row.updated_at).toISOString() });

export function registerCannedReplyRoutes(base: FastifyInstance, context: AppContext): void {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/v1/canned-replies',
    {
      config: { permission: 'conversations:read' },
      schema: {
        tags: ['canned replies'],
        summary: 'Canned replies',
        response: {
          200: Type.Object({ data: Type.Array(CannedReplySchema) }),
          ...errorResponses,
        },
      },
    },
    async (request) => ({
      data: (await cannedRepliesOf(context, principalOf(request))).map(present),
    }),
  );

  app.post(
    '/api/v1/canned-replies',
    {
      config: { permission: 'inbox:manage' },
      schema: {
        tags: ['canned replies'],
        summary: 'Create a canned reply',
        body: Type.Object(fields, { additionalProperties: false }),
        response: { 201: CannedReplySchema, ...errorResponses, 409: errorResponses[400] },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(present(await createCannedReply(context, principalOf(request), request.body))),
  );

  app.patch(
    '/api/v1/canned-replies/:id',
    {
      config: { permission: 'inbox:manage' },
      schema: {
        tags: ['canned replies'],
        summary: 'Change a canned reply',
        params: IdParams,
        body: Type.Partial(Type.Object(fields), { additionalProperties: false, minProperties: 1 }),
        response: { 200: CannedReplySchema, ...errorResponses, 409: errorResponses[400] },
      },
    },
    async (request) =>
      present(
        await changeCannedReply(context, principalOf(request), request.params.id, request.body),
      ),
  );

  app.delete(
    '/api/v1/canned-replies/:id',
    {
      config: { permission: 'inbox:manage' },
      schema: {
        tags: ['canned replies'],
        summary: 'Delete a canned reply',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await removeCannedReply(context, principalOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/canned-replies/:id/render',
    {
      config: { permission: 'conversations:read' },
      schema: {
        tags: ['canned replies'],
        summary: 'The canned reply with its variables filled in for a conversation',
        params: IdParams,
        body: Type.Object(
          { conversation_id: Type.Integer({ minimum: 1 }) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ text: Type.String() }), ...errorResponses },
      },
    },
    async (request) => ({
      text: await renderCannedReply(
        context,
        principalOf(request),
        request.params.id,
        request.body.conversation_id,
      ),
    }),
  );
}
