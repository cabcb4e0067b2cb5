import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { principalOf } from '../../server/route-types.js';
import { presentBreaches, sendFirstResponse, sendRows } from './report.presenter.js';
import {
  BacklogQuery,
  BacklogResponses,
  BreachesQuery,
  BreachesResponses,
  FirstResponseQuery,
  FirstResponseResponses,
  ResponseTimesQuery,
  ResponseTimesResponses,
  SlaAttainmentQuery,
  SlaAttainmentResponses,
  VolumeQuery,
  VolumeResponses,
} from './report.schema.js';
import {
  backlogReport,
  breachesReport,
  firstResponseReport,
  responseTimesReport,
  slaAttainmentReport,
  volumeReport,
} from './report.service.js';

export function registerReportRoutes(base: FastifyInstance, context: AppContext): void {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  const route = { config: { permission: 'reports:read' as const } };

  app.get(
    '/api/v1/reports/sla-attainment',
    {
      ...route,
      schema: {
        tags: ['reports'],
        summary: 'Share of conversations whose first response met the target, per group and period',
        querystring: SlaAttainmentQuery,
        response: SlaAttainmentResponses,
      },
    },
    async (request, reply) => {
      const rows = await slaAttainmentReport(context, principalOf(request), request.query);
      return sendRows(reply, request.query.format, 'sla-attainment', rows);
    },
  );

  app.get(
    '/api/v1/reports/response-times',
    {
      ...route,
      schema: {
        tags: ['reports'],
        summary: 'First-response and resolution times (nearest-rank p50 and p90), per group',
        description:
          'Over more than 20,000 answered conversations the percentiles come from fixed log-scale histograms: the upper edge of the bucket holding the rank, at most 14.9% above the exact value (docs/metrics.md).',
        querystring: ResponseTimesQuery,
        response: ResponseTimesResponses,
      },
    },
    async (request, reply) => {
      const rows = await responseTimesReport(context, principalOf(request), request.query);
      return sendRows(reply, request.query.format, 'response-times', rows);
    },
  );

  app.get(
    '/api/v1/reports/first-response',
    {
      ...route,
      schema: {
        tags: ['reports'],
        summary:
          'First response against a calendar-time target, organisation-wide and per channel account',
        querystring: FirstResponseQuery,
        response: FirstResponseResponses,
      },
    },
    async (request, reply) => {
      const { query } = request;
      const summary = await firstResponseReport(context, principalOf(request), query);
      return sendFirstResponse(reply, query.format, query.target_seconds, summary);
    },
  );

  app.get(
    '/api/v1/reports/volume',
    {
      ...route,
      schema: {
        tags: ['reports'],
        summary: 'New conversations by local hour of the week (168 cells, Monday 00:00 first)',
        querystring: VolumeQuery,
        response: VolumeResponses,
      },
    },
    async (request, reply) => {
      const rows = await volumeReport(context, principalOf(request), request.query);
      return sendRows(reply, request.query.format, 'volume', rows);
    },
  );

  app.get(
    '/api/v1/reports/backlog',
    {
      ...route,
      schema: {
        tags: ['reports'],
        summary: 'Unresolved conversations by age of their first customer message',
        querystring: BacklogQuery,
        response: BacklogResponses,
      },
    },
    async (request, reply) => {
      const rows = await backlogReport(context, principalOf(request), request.query);
      return sendRows(reply, request.query.format, 'backlog', rows);
    },
  );

  app.get(
    '/api/v1/reports/breaches',
    {
      ...route,
      schema: {
        tags: ['reports'],
        summary: 'Conversations that breached a target or are overdue now, newest first',
        querystring: BreachesQuery,
        response: BreachesResponses,
      },
    },
    async (request, reply) => {
      const breaches = await breachesReport(context, principalOf(request), request.query);
      return sendRows(reply, request.query.format, 'breaches', presentBreaches(breaches));
    },
  );
}
