import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { errorResponses, IdParams, principalOf } from '../../server/route-types.js';
import { deliveriesOf, postMessage } from './reply.service.js';

const DeliverySchema = Type.Object({
  message_id: Type.Integer(),
  status: Type.String({ description: 'queued (waiting for a channel connection), sent, failed' }),
  attempts: Type.Integer(),
  last_error: Type.Union([Type.String(), Type.Null()]),
  updated_at: Type.String(),
});

const presentDelivery = (row: {
  message_id: number;
  status: string;
  attempts: number;
  last_error: string | null;
  updated_at: number;
}) => ({
  message_id: row.message_id,
  status: row.status,
  attempts: row.attempts,
  last_error: row.last_error,
  updated_at: new Date(row.updated_at).toISOString(),
});

export function registerReplyRoutes(base: FastifyInstance, context: AppContext): void {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    '/api/v1/conversations/:id/messages',
    {
      config: { permission: 'conversations:write' },
      schema: {
        tags: ['conversations'],
        summary: 'Reply to the customer, or add an internal note',
        description:
          'A reply is stored as an outbound message and queued in the outbox for the channel. ' +
          'Send `last_seen_message_id` (the newest message on screen): if someone replied after ' +
          'it, the answer is 409 `conflict` and nothing is sent; repeat with `force: true` to ' +
          'send anyway.',
        params: IdParams,
        body: Type.Object(
          {
            kind: Type.Union([Type.Literal('reply'), Type.Literal('note')]),
            text: Type.String({ minLength: 1, maxLength: 10_000 }),
            last_seen_message_id: Type.Optional(Type.Integer({ minimum: 0 })),
            force: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({
            message_id: Type.Integer(),
            created_at: Type.String(),
            delivery: Type.Union([DeliverySchema, Type.Null()]),
          }),
          ...errorResponses,
          409: errorResponses[400],
        },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const result = await postMessage(context, principalOf(request), request.params.id, {
        kind: body.kind,
        text: body.text,
        lastSeenMessageId: body.last_seen_message_id,
        force: body.force,
      });
      return reply.status(201).send({
        message_id: result.messageId,
        created_at: new Date(result.now).toISOString(),
        delivery: result.delivery ? presentDelivery(result.delivery) : null,
      });
    },
  );

  app.get(
    '/api/v1/conversations/:id/deliveries',
    {
      config: { permission: 'conversations:read' },
      schema: {
        tags: ['conversations'],
        summary: 'Delivery status of the replies in a conversation (the outbox)',
        params: IdParams,
        response: {
          200: Type.Object({ data: Type.Array(DeliverySchema) }),
          ...errorResponses,
        },
      },
    },
    async (request) => ({
      data: (await deliveriesOf(context, principalOf(request), request.params.id)).map(
        presentDelivery,
      ),
    }),
  );
}
