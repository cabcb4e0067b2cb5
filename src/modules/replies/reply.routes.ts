import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { errorResponses, Id, IdParams, principalOf, refTo } from '../../server/route-types.js';
import { presentDelivery, presentDeliveryList, presentPostedMessage } from './reply.presenter.js';
import {
  DeliveryListSchema,
  DeliverySchema,
  PostMessageBody,
  postMessageResponses,
  replySchemas,
} from './reply.schema.js';
import { deliveriesOf, postMessage, retryDelivery } from './reply.service.js';

export function registerReplyRoutes(base: FastifyInstance, context: AppContext): void {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  for (const schema of replySchemas) app.addSchema(schema);

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
        body: PostMessageBody,
        response: postMessageResponses,
      },
    },
    async (request, reply) => {
      const { body } = request;
      const posted = await postMessage(context, principalOf(request), request.params.id, {
        kind: body.kind,
        text: body.text,
        lastSeenMessageId: body.last_seen_message_id,
        force: body.force,
      });
      return reply.status(201).send(presentPostedMessage(posted));
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
        response: { 200: DeliveryListSchema, ...errorResponses },
      },
    },
    async (request) =>
      presentDeliveryList(await deliveriesOf(context, principalOf(request), request.params.id)),
  );

  app.post(
    '/api/v1/conversations/:id/messages/:messageId/retry',
    {
      config: { permission: 'conversations:write' },
      schema: {
        tags: ['conversations'],
        summary: 'Send a reply that failed once more',
        description:
          'Only a `failed` reply can be retried (409 otherwise); it is sent as a new message. ' +
          'To change the text first, post it as a new reply ("edit and resend").',
        params: Type.Object({ id: Id, messageId: Id }),
        response: { 200: refTo(DeliverySchema), ...errorResponses, 409: errorResponses[400] },
      },
    },
    async (request) =>
      presentDelivery(
        await retryDelivery(
          context,
          principalOf(request),
          request.params.id,
          request.params.messageId,
        ),
      ),
  );
}
