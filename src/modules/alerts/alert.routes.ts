import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { type TSchema, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import type { AlertStatus } from '../../platform/database/schema.js';
import { errorResponses, IdParams, principalOf } from '../../server/route-types.js';
import {
  alertDetail,
  alertsForDashboard,
  changeAlertStatus,
  createWebhook,
  deleteWebhook,
  emailOutbox,
  listWebhooks,
} from './alert.service.js';

const Nullable = (schema: TSchema) => Type.Union([schema, Type.Null()]);
const Alert = Type.Object({
  id: Type.Integer(),
  status: Type.String(),
  severity: Type.String(),
  summary: Type.String({
    description:
      'What changed, e.g. "negative mentions of ... on @...: 48 in the hour vs 3 expected".',
  }),
  series: Type.Object({
    channel_account_id: Nullable(Type.Integer()),
    theme_id: Nullable(Type.Integer()),
    sentiment: Type.String(),
  }),
  observed_count: Type.Integer(),
  expected_count: Type.Number(),
  score: Type.Number(),
  first_hour_start: Type.String(),
  last_hour_start: Type.String(),
  example_message_ids: Type.Array(Type.Integer()),
  opened_at: Type.String(),
  acknowledged_at: Nullable(Type.String()),
  acknowledged_by_user_id: Nullable(Type.Integer()),
  resolved_at: Nullable(Type.String()),
  resolved_by_user_id: Nullable(Type.Integer()),
});
const Webhook = Type.Object({
  id: Type.Integer(),
  url: Type.String(),
  enabled: Type.Boolean(),
  created_at: Type.String(),
});
const StatusValue = Type.Union(
  ['open', 'acknowledged', 'resolved', 'active', 'all'].map((value) => Type.Literal(value)),
  { default: 'active', description: 'active = open or acknowledged.' },
);
const statusesOf = (value: string): AlertStatus[] =>
  value === 'all'
    ? ['open', 'acknowledged', 'resolved']
    : value === 'active'
      ? ['open', 'acknowledged']
      : [value as AlertStatus];

export function registerAlertRoutes(base: FastifyInstance, context: AppContext): void {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  const read = { config: { permission: 'listening:read' as const } };
  const write = { config: { permission: 'listening:write' as const } };
  const admin = { config: { permission: 'admin' as const } };

  app.get(
    '/api/v1/alerts',
    {
      ...read,
      schema: {
        tags: ['alerts'],
        summary: 'Backlash alerts, newest first',
        querystring: Type.Object(
          {
            status: Type.Optional(StatusValue),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
            offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ data: Type.Array(Alert) }), ...errorResponses },
      },
    },
    async (request) => ({
      data: await alertsForDashboard(context, principalOf(request).organisationId, {
        statuses: statusesOf(request.query.status ?? 'active'),
        limit: request.query.limit ?? 50,
        offset: request.query.offset ?? 0,
      }),
    }),
  );

  app.get(
    '/api/v1/alerts/:id',
    {
      ...read,
      schema: { tags: ['alerts'], params: IdParams, response: { 200: Alert, ...errorResponses } },
    },
    async (request) => alertDetail(context, principalOf(request).organisationId, request.params.id),
  );

  for (const [action, status] of [
    ['acknowledge', 'acknowledged'],
    ['resolve', 'resolved'],
  ] as const) {
    app.post(
      `/api/v1/alerts/:id/${action}`,
      {
        ...write,
        schema: {
          tags: ['alerts'],
          summary: `Mark the alert ${status}`,
          params: IdParams,
          response: { 200: Alert, ...errorResponses, 409: errorResponses[400] },
        },
      },
      async (request) => {
        const principal = principalOf(request);
        return changeAlertStatus(
          context,
          principal.organisationId,
          request.params.id,
          status,
          principal.userId,
        );
      },
    );
  }

  app.get(
    '/api/v1/alert-webhooks',
    {
      ...admin,
      schema: {
        tags: ['alerts'],
        summary: 'Webhooks that receive alerts (secrets are not shown again)',
        response: { 200: Type.Object({ data: Type.Array(Webhook) }), ...errorResponses },
      },
    },
    async (request) => ({ data: await listWebhooks(context, principalOf(request).organisationId) }),
  );

  app.post(
    '/api/v1/alert-webhooks',
    {
      ...admin,
      schema: {
        tags: ['alerts'],
        summary:
          'Add a webhook; alerts are POSTed to it, signed with HMAC-SHA256 (x-hearken-signature)',
        body: Type.Object(
          {
            url: Type.String({ minLength: 8, maxLength: 2000 }),
            secret: Type.Optional(Type.String({ minLength: 16, maxLength: 200 })),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({ ...Webhook.properties, secret: Type.String() }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const created = await createWebhook(
        context,
        principalOf(request).organisationId,
        request.body.url,
        request.body.secret,
      );
      return reply.status(201).send(created);
    },
  );

  app.delete(
    '/api/v1/alert-webhooks/:id',
    {
      ...admin,
      schema: {
        tags: ['alerts'],
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await deleteWebhook(context, principalOf(request).organisationId, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/alert-emails',
    {
      ...admin,
      schema: {
        tags: ['alerts'],
        summary: 'The e-mail outbox (status not_configured while HEARKEN_SMTP_URL is unset)',
        querystring: Type.Object(
          { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            data: Type.Array(
              Type.Object({
                id: Type.Integer(),
                alert_id: Nullable(Type.Integer()),
                recipient: Type.String(),
                subject: Type.String(),
                status: Type.String(),
                created_at: Type.String(),
                sent_at: Nullable(Type.String()),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => ({
      data: await emailOutbox(
        context,
        principalOf(request).organisationId,
        request.query.limit ?? 50,
      ),
    }),
  );
}
