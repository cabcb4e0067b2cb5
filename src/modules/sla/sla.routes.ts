import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { errorResponses, IdParams, principalOf, refTo } from '../../server/route-types.js';
import {
  policyDraftOf,
  presentConversationSla,
  presentNotifications,
  presentPolicy,
  presentPolicyPreview,
} from './sla.presenter.js';
import {
  ConversationSlaSchema,
  NotificationListSchema,
  NotificationsQuery,
  PolicyBody,
  PolicyListSchema,
  PolicyPreviewQuery,
  PolicyPreviewSchema,
  PolicySchema,
  slaSchemas,
} from './sla.schema.js';
import { createPolicy, policiesOf, removePolicy, replacePolicy } from './sla-policy.service.js';
import { previewPolicy } from './sla-preview.service.js';
import { conversationSlaOf, notificationsOf } from './sla-query.service.js';

export function registerSlaRoutes(base: FastifyInstance, context: AppContext): void {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  for (const schema of slaSchemas) app.addSchema(schema);

  app.get(
    '/api/v1/sla-policies',
    {
      config: { permission: 'conversations:read' },
      schema: {
        tags: ['sla'],
        summary: 'SLA policies, in the order they are tried',
        response: { 200: PolicyListSchema, ...errorResponses },
      },
    },
    async (request) => ({
      data: (await policiesOf(context, principalOf(request))).map(presentPolicy),
    }),
  );

  app.post(
    '/api/v1/sla-policies',
    {
      config: { permission: 'settings:write' },
      schema: {
        tags: ['sla'],
        summary: 'Add an SLA policy',
        body: refTo(PolicyBody),
        response: { 201: refTo(PolicySchema), ...errorResponses },
      },
    },
    async (request, reply) => {
      const policy = await createPolicy(context, principalOf(request), policyDraftOf(request.body));
      return reply.status(201).send(presentPolicy(policy));
    },
  );

  app.post(
    '/api/v1/sla-policies/preview',
    {
      config: { permission: 'settings:write' },
      schema: {
        tags: ['sla'],
        summary:
          'What a draft SLA policy would have covered among the last 100 conversations ' +
          '(nothing is changed)',
        querystring: PolicyPreviewQuery,
        body: refTo(PolicyBody),
        response: { 200: refTo(PolicyPreviewSchema), ...errorResponses },
      },
    },
    async (request) =>
      presentPolicyPreview(
        await previewPolicy(
          context,
          principalOf(request),
          policyDraftOf(request.body),
          request.query.policy_id ?? null,
        ),
      ),
  );

  app.put(
    '/api/v1/sla-policies/:id',
    {
      config: { permission: 'settings:write' },
      schema: {
        tags: ['sla'],
        summary: 'Replace an SLA policy',
        params: IdParams,
        body: refTo(PolicyBody),
        response: { 200: refTo(PolicySchema), ...errorResponses },
      },
    },
    async (request) =>
      presentPolicy(
        await replacePolicy(
          context,
          principalOf(request),
          request.params.id,
          policyDraftOf(request.body),
        ),
      ),
  );

  app.delete(
    '/api/v1/sla-policies/:id',
    {
      config: { permission: 'settings:write' },
      schema: {
        tags: ['sla'],
        summary: 'Delete an SLA policy',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await removePolicy(context, principalOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/conversations/:id/sla',
    {
      config: { permission: 'conversations:read' },
      schema: {
        tags: ['sla'],
        summary: "A conversation's applied SLA policy and its clocks",
        params: IdParams,
        response: { 200: ConversationSlaSchema, ...errorResponses },
      },
    },
    async (request) =>
      presentConversationSla(
        await conversationSlaOf(context, principalOf(request), request.params.id),
      ),
  );

  app.get(
    '/api/v1/notifications',
    {
      config: { permission: 'self' },
      schema: {
        tags: ['sla'],
        summary: 'Notifications for the signed-in user (SLA warnings and breaches), newest first',
        querystring: NotificationsQuery,
        response: { 200: NotificationListSchema, ...errorResponses },
      },
    },
    async (request) =>
      presentNotifications(
        await notificationsOf(context, principalOf(request), request.query.limit ?? 50),
      ),
  );
}
