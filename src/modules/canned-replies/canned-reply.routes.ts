import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { errorResponses, IdParams, principalOf, refTo } from '../../server/route-types.js';
import {
  presentCannedReply,
  presentCannedReplyList,
  presentRenderedCannedReply,
} from './canned-reply.presenter.js';
import {
  CannedReplyListSchema,
  CannedReplySchema,
  ChangeCannedReplyBody,
  CreateCannedReplyBody,
  cannedReplySchemas,
  NoContent,
  RenderCannedReplyBody,
  RenderedCannedReplySchema,
  writeResponses,
} from './canned-reply.schema.js';
import {
  cannedRepliesOf,
  changeCannedReply,
  createCannedReply,
  removeCannedReply,
  renderCannedReply,
} from './canned-reply.service.js';

export function registerCannedReplyRoutes(base: FastifyInstance, context: AppContext): void {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  for (const schema of cannedReplySchemas) app.addSchema(schema);

  app.get(
    '/api/v1/canned-replies',
    {
      config: { permission: 'conversations:read' },
      schema: {
        tags: ['canned replies'],
        summary: 'Canned replies',
        response: { 200: CannedReplyListSchema, ...errorResponses },
      },
    },
    async (request) => presentCannedReplyList(await cannedRepliesOf(context, principalOf(request))),
  );

  app.post(
    '/api/v1/canned-replies',
    {
      config: { permission: 'inbox:manage' },
      schema: {
        tags: ['canned replies'],
        summary: 'Create a canned reply',
        body: CreateCannedReplyBody,
        response: { 201: refTo(CannedReplySchema), ...writeResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          presentCannedReply(await createCannedReply(context, principalOf(request), request.body)),
        ),
  );

  app.patch(
    '/api/v1/canned-replies/:id',
    {
      config: { permission: 'inbox:manage' },
      schema: {
        tags: ['canned replies'],
        summary: 'Change a canned reply',
        params: IdParams,
        body: ChangeCannedReplyBody,
        response: { 200: refTo(CannedReplySchema), ...writeResponses },
      },
    },
    async (request) =>
      presentCannedReply(
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
        response: { 204: NoContent, ...errorResponses },
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
        body: RenderCannedReplyBody,
        response: { 200: RenderedCannedReplySchema, ...errorResponses },
      },
    },
    async (request) =>
      presentRenderedCannedReply(
        await renderCannedReply(
          context,
          principalOf(request),
          request.params.id,
          request.body.conversation_id,
        ),
      ),
  );
}
