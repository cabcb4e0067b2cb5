import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { errorResponses, IdParams, principalOf, refTo } from '../../server/route-types.js';
import { presentConversationList, presentDetail } from './conversation.presenter.js';
import {
  ChangeBody,
  ConversationDetailSchema,
  ConversationListSchema,
  conversationSchemas,
  ListQuerystring,
} from './conversation.schema.js';
import {
  changeConversation,
  getConversationDetail,
  listForPrincipal,
} from './conversation.service.js';

export function registerConversationRoutes(base: FastifyInstance, context: AppContext): void {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  for (const schema of conversationSchemas) app.addSchema(schema);

  app.get(
    '/api/v1/conversations',
    {
      config: { permission: 'conversations:read' },
      schema: {
        tags: ['conversations'],
        summary: 'List conversations, most recent activity first',
        querystring: ListQuerystring,
        response: { 200: ConversationListSchema, ...errorResponses },
      },
    },
    async (request) =>
      presentConversationList(await listForPrincipal(context, principalOf(request), request.query)),
  );

  app.get(
    '/api/v1/conversations/:id',
    {
      config: { permission: 'conversations:read' },
      schema: {
        tags: ['conversations'],
        summary: 'A conversation with its messages and contact',
        params: IdParams,
        response: { 200: refTo(ConversationDetailSchema), ...errorResponses },
      },
    },
    async (request) =>
      presentDetail(await getConversationDetail(context, principalOf(request), request.params.id)),
  );

  app.patch(
    '/api/v1/conversations/:id',
    {
      config: { permission: 'conversations:write' },
      schema: {
        tags: ['conversations'],
        summary: 'Change status, priority, assignee or team',
        params: IdParams,
        body: ChangeBody,
        response: { 200: refTo(ConversationDetailSchema), ...errorResponses },
      },
    },
    async (request) =>
      presentDetail(
        await changeConversation(context, principalOf(request), request.params.id, request.body),
      ),
  );
}
