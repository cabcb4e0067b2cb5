import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { errorResponses, IdParams, principalOf } from '../../server/route-types.js';
import {
  ConversationDetailSchema,
  ConversationListSchema,
  presentConversation,
  presentDetail,
} from './conversation.presenter.js';
import {
  changeConversation,
  getConversationDetail,
  listForPrincipal,
} from './conversation.service.js';

const Status = Type.Union([
  Type.Literal('open'),
  Type.Literal('pending'),
  Type.Literal('snoozed'),
  Type.Literal('resolved'),
]);
const PriorityValue = Type.Union([
  Type.Literal('low'),
  Type.Literal('normal'),
  Type.Literal('high'),
  Type.Literal('urgent'),
]);

const ListQuerystring = Type.Object(
  {
    status: Type.Optional(Status),
    team_id: Type.Optional(Type.Integer({ minimum: 1 })),
    assignee_id: Type.Optional(Type.Integer({ minimum: 1 })),
    unassigned: Type.Optional(Type.Boolean()),
    channel_account_id: Type.Optional(Type.Integer({ minimum: 1 })),
    contact_id: Type.Optional(Type.Integer({ minimum: 1 })),
    priority: Type.Optional(PriorityValue),
    label_id: Type.Optional(Type.Integer({ minimum: 1 })),
    sentiment: Type.Optional(
      Type.Union([Type.Literal('negative'), Type.Literal('neutral'), Type.Literal('positive')], {
        description:
          "Sentiment of the conversation's latest customer message (an agent's correction wins).",
      }),
    ),
    angry: Type.Optional(
      Type.Boolean({
        description:
          'true: the latest customer message reads angry (corrected by an agent, or anger probability >= 0.5); false: it does not.',
      }),
    ),
    sla_due_within_minutes: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 100_000,
        description: 'Only conversations whose next SLA clock is due within this many minutes.',
      }),
    ),
    sort: Type.Optional(
      Type.Union(
        [
          Type.Literal('last_activity'),
          Type.Literal('priority'),
          Type.Literal('waiting'),
          Type.Literal('sla_due'),
        ],
        {
          description:
            'last_activity (default), priority, waiting (longest-waiting first) or sla_due.',
        },
      ),
    ),
    q: Type.Optional(
      Type.String({ minLength: 1, maxLength: 200, description: 'Text search in messages.' }),
    ),
    cursor: Type.Optional(Type.String({ maxLength: 100 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);

const ChangeBody = Type.Object(
  {
    status: Type.Optional(Status),
    priority: Type.Optional(PriorityValue),
    assignee_id: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
    team_id: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
  },
  { additionalProperties: false, minProperties: 1 },
);

export function registerConversationRoutes(base: FastifyInstance, context: AppContext): void {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();

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
    async (request) => {
      const query = request.query;
      const { rows, nextCursor } = await listForPrincipal(context, principalOf(request), {
        ...(query.status ? { status: query.status } : {}),
        ...(query.team_id ? { teamId: query.team_id } : {}),
        ...(query.assignee_id ? { assigneeId: query.assignee_id } : {}),
        ...(query.unassigned ? { unassigned: true } : {}),
        ...(query.channel_account_id ? { channelAccountId: query.channel_account_id } : {}),
        ...(query.contact_id ? { contactId: query.contact_id } : {}),
        ...(query.q ? { text: query.q } : {}),
        ...(query.priority ? { priority: query.priority } : {}),
        ...(query.label_id ? { labelId: query.label_id } : {}),
        ...(query.sentiment ? { sentiment: query.sentiment } : {}),
        ...(query.angry !== undefined ? { angry: query.angry } : {}),
        ...(query.sort ? { sort: query.sort } : {}),
        ...(query.sla_due_within_minutes !== undefined
          ? { slaDueBefore: Date.now() + query.sla_due_within_minutes * 60_000 }
          : {}),
        ...(query.cursor ? { cursor: query.cursor } : {}),
        limit: query.limit ?? 50,
      });
      return { data: rows.map(presentConversation), next_cursor: nextCursor };
    },
  );

  app.get(
    '/api/v1/conversations/:id',
    {
      config: { permission: 'conversations:read' },
      schema: {
        tags: ['conversations'],
        summary: 'A conversation with its messages and contact',
        params: IdParams,
        response: { 200: ConversationDetailSchema, ...errorResponses },
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
        response: { 200: ConversationDetailSchema, ...errorResponses },
      },
    },
    async (request) =>
      presentDetail(
        await changeConversation(context, principalOf(request), request.params.id, request.body),
      ),
  );
}
