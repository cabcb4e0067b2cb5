import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Static, TSchema } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { principalOf } from '../../server/route-types.js';
import type { Principal } from '../auth/index.js';
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

const permission = 'reports:read' as const;

/** A report answered as rows: JSON `{ data }`, or the same rows as CSV with `?format=csv`. */
interface RowReport<Query extends TSchema> {
  name: string;
  summary: string;
  description?: string;
  querystring: Query;
  response: Record<number, TSchema>;
  rows(
    context: AppContext,
    principal: Principal,
    query: Static<Query>,
  ): Promise<Record<string, unknown>[]>;
}

/** Each report is one service call; the list is the only thing that differs between them. */
function rowReports() {
  return [
    report({
      name: 'sla-attainment',
      summary: 'Share of conversations whose first response met the target, per group and period',
      querystring: SlaAttainmentQuery,
      response: SlaAttainmentResponses,
      rows: slaAttainmentReport,
    }),
    report({
      name: 'response-times',
      summary: 'First-response and resolution times (nearest-rank p50 and p90), per group',
      description:
        'Over more than 20,000 answered conversations the percentiles come from fixed log-scale histograms: the upper edge of the bucket holding the rank, at most 14.9% above the exact value (docs/metrics.md).',
      querystring: ResponseTimesQuery,
      response: ResponseTimesResponses,
      rows: responseTimesReport,
    }),
    report({
      name: 'volume',
      summary: 'New conversations by local hour of the week (168 cells, Monday 00:00 first)',
      querystring: VolumeQuery,
      response: VolumeResponses,
      rows: volumeReport,
    }),
    report({
      name: 'backlog',
      summary: 'Unresolved conversations by age of their first customer message',
      querystring: BacklogQuery,
      response: BacklogResponses,
      rows: backlogReport,
    }),
    report({
      name: 'breaches',
      summary: 'Conversations that breached a target or are overdue now, newest first',
      querystring: BreachesQuery,
      response: BreachesResponses,
      rows: async (context, principal, query) =>
        presentBreaches(await breachesReport(context, principal, query)),
    }),
  ];
}

/** Checks one report's service call against its query schema, then forgets the query type. */
function report<Query extends TSchema>(spec: RowReport<Query>): RowReport<TSchema> {
  return spec;
}

export function registerReportRoutes(base: FastifyInstance, context: AppContext): void {
  for (const spec of rowReports()) {
    base.get(
      `/api/v1/reports/${spec.name}`,
      {
        config: { permission },
        schema: {
          tags: ['reports'],
          summary: spec.summary,
          ...(spec.description ? { description: spec.description } : {}),
          querystring: spec.querystring,
          response: spec.response,
        },
      },
      async (request, reply) => {
        // Fastify has checked the query against the report's own schema before this runs.
        const query = request.query as { format?: string };
        const rows = await spec.rows(context, principalOf(request), query);
        return sendRows(reply, query.format, spec.name, rows);
      },
    );
  }

  base.withTypeProvider<TypeBoxTypeProvider>().get(
    '/api/v1/reports/first-response',
    {
      config: { permission },
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
}
