import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { errorResponses, IdParams, principalOf, refTo } from '../../server/route-types.js';
import { presentAlert, presentAlerts, presentOutbox } from './alert.presenter.js';
import {
  AlertListQuery,
  AlertListSchema,
  AlertSchema,
  alertSchemas,
  OutboxQuery,
  OutboxSchema,
} from './alert.schema.js';
import {
  alertDetail,
  alertsForDashboard,
  changeAlertStatus,
  emailOutbox,
} from './alert.service.js';

export function registerAlertRoutes(base: FastifyInstance, context: AppContext): void {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  for (const schema of alertSchemas) app.addSchema(schema);
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
        querystring: AlertListQuery,
        response: { 200: AlertListSchema, ...errorResponses },
      },
    },
    async (request) =>
      presentAlerts(await alertsForDashboard(context, principalOf(request), request.query)),
  );

  app.get(
    '/api/v1/alerts/:id',
    {
      ...read,
      schema: {
        tags: ['alerts'],
        params: IdParams,
        response: { 200: refTo(AlertSchema), ...errorResponses },
      },
    },
    async (request) =>
      presentAlert(await alertDetail(context, principalOf(request), request.params.id)),
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
          response: { 200: refTo(AlertSchema), ...errorResponses, 409: errorResponses[400] },
        },
      },
      async (request) =>
        presentAlert(
          await changeAlertStatus(context, principalOf(request), request.params.id, status),
        ),
    );
  }

  app.get(
    '/api/v1/alert-emails',
    {
      ...admin,
      schema: {
        tags: ['alerts'],
        summary: 'The e-mail outbox (status not_configured while HEARKEN_SMTP_URL is unset)',
        querystring: OutboxQuery,
        response: { 200: OutboxSchema, ...errorResponses },
      },
    },
    async (request) =>
      presentOutbox(await emailOutbox(context, principalOf(request), request.query.limit ?? 50)),
  );
}
