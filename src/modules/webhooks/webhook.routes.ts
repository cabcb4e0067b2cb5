import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { errorResponses, IdParams, principalOf } from '../../server/route-types.js';
import {
  presentCreatedWebhook,
  presentDeliveryLog,
  presentWebhook,
  presentWebhooks,
} from './webhook.presenter.js';
import {
  CreatedWebhookSchema,
  CreateWebhookBody,
  DeliveryLogQuery,
  DeliveryLogSchema,
  NoContent,
  TestDeliverySchema,
  UpdateWebhookBody,
  WebhookListSchema,
  WebhookSchema,
} from './webhook.schema.js';
import {
  changeWebhook,
  createWebhook,
  deliveryLog,
  removeWebhook,
  sendTestEvent,
  webhooksOf,
} from './webhook.service.js';

export function registerWebhookRoutes(base: FastifyInstance, context: AppContext): void {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  const admin = { config: { permission: 'admin' as const } };
  const tags = ['webhooks'];

  app.get(
    '/api/v1/webhooks',
    {
      ...admin,
      schema: {
        tags,
        summary: "The organisation's webhook subscriptions (secrets are never shown again)",
        response: { 200: WebhookListSchema, ...errorResponses },
      },
    },
    async (request) => presentWebhooks(await webhooksOf(context, principalOf(request))),
  );

  app.post(
    '/api/v1/webhooks',
    {
      ...admin,
      schema: {
        tags,
        summary:
          'Subscribe a URL to event types; bodies are signed with HMAC-SHA256 (Hearken-Signature)',
        body: CreateWebhookBody,
        response: { 201: CreatedWebhookSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const created = await createWebhook(context, principalOf(request), request.body);
      return reply.status(201).send(presentCreatedWebhook(created));
    },
  );

  app.patch(
    '/api/v1/webhooks/:id',
    {
      ...admin,
      schema: {
        tags,
        summary: 'Change a webhook; enabling it again clears its failures and disabled reason',
        params: IdParams,
        body: UpdateWebhookBody,
        response: { 200: WebhookSchema, ...errorResponses },
      },
    },
    async (request) =>
      presentWebhook(
        await changeWebhook(context, principalOf(request), request.params.id, request.body),
      ),
  );

  app.delete(
    '/api/v1/webhooks/:id',
    {
      ...admin,
      schema: {
        tags,
        summary: 'Delete a webhook with its delivery log',
        params: IdParams,
        response: { 204: NoContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      await removeWebhook(context, principalOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/webhooks/:id/test',
    {
      ...admin,
      schema: {
        tags,
        summary: 'Queue a webhook.test event to this webhook (see its delivery log)',
        params: IdParams,
        response: { 202: TestDeliverySchema, ...errorResponses, 409: errorResponses[400] },
      },
    },
    async (request, reply) => {
      const deliveryId = await sendTestEvent(context, principalOf(request), request.params.id);
      return reply.status(202).send({ delivery_id: deliveryId });
    },
  );

  app.get(
    '/api/v1/webhooks/:id/deliveries',
    {
      ...admin,
      schema: {
        tags,
        summary: 'The delivery log: every attempt, newest first',
        params: IdParams,
        querystring: DeliveryLogQuery,
        response: { 200: DeliveryLogSchema, ...errorResponses },
      },
    },
    async (request) => {
      const page = { limit: request.query.limit ?? 50, offset: request.query.offset ?? 0 };
      return presentDeliveryLog(
        await deliveryLog(context, principalOf(request), request.params.id, page),
        page,
      );
    },
  );
}
