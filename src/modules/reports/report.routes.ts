import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { type TSchema, Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { errorResponses, principalOf } from '../../server/route-types.js';
import type { GroupBy, ReportFilter } from './report.repository.js';
import {
  backlog,
  breachingConversations,
  checkTimezone,
  firstResponseSummary,
  type Period,
  reportRange,
  responseTimes,
  slaAttainment,
  volumeByHourOfWeek,
} from './report.service.js';
import { toCsv } from './report-csv.js';

const Nullable = (schema: TSchema) => Type.Union([schema, Type.Null()]);
const NullableNumber = Nullable(Type.Number());

const common = {
  from: Type.Optional(
    Type.String({
      description:
        'Start (date or date-time) of first customer messages; default 30 days before `to`.',
    }),
  ),
  to: Type.Optional(Type.String({ description: 'End, exclusive; default now.' })),
  team_id: Type.Optional(Type.Integer({ minimum: 1 })),
  channel_account_id: Type.Optional(Type.Integer({ minimum: 1 })),
  format: Type.Optional(
    Type.Union([Type.Literal('json'), Type.Literal('csv')], { default: 'json' }),
  ),
};
const GroupByValue = Type.Union(
  ['organisation', 'team', 'channel_account', 'agent'].map((value) => Type.Literal(value)),
  { default: 'organisation' },
);
const timezone = Type.Optional(
  Type.String({
    maxLength: 64,
    default: 'UTC',
    description: 'IANA timezone of days, weeks and hours.',
  }),
);

interface CommonQuery {
  from?: string | undefined;
  to?: string | undefined;
  team_id?: number | undefined;
  channel_account_id?: number | undefined;
  format?: 'json' | 'csv' | undefined;
}

function filterOf(organisationId: number, query: CommonQuery): ReportFilter {
  return {
    organisationId,
    ...reportRange(query, Date.now()),
    teamId: query.team_id,
    channelAccountId: query.channel_account_id,
  };
}

/** JSON `{ data }`, or the same rows as a CSV download with `?format=csv`. */
function answer(
  reply: FastifyReply,
  format: string | undefined,
  name: string,
  rows: Record<string, unknown>[],
  meta: Record<string, unknown> = {},
) {
  if (format === 'csv') {
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${name}.csv"`)
      .send(toCsv(rows));
  }
  return reply.send({ ...meta, data: rows });
}

const list = (row: TSchema, meta: Record<string, TSchema> = {}) => ({
  200: Type.Object(
    { ...meta, data: Type.Array(row) },
    { description: 'JSON, or text/csv with ?format=csv.' },
  ),
  ...errorResponses,
});
const groupFields = { group_id: Nullable(Type.Integer()), group_name: Nullable(Type.String()) };

export function registerReportRoutes(base: FastifyInstance, context: AppContext): void {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = context.database;
  const route = { config: { permission: 'reports:read' as const } };

  app.get(
    '/api/v1/reports/sla-attainment',
    {
      ...route,
      schema: {
        tags: ['reports'],
        summary: 'Share of conversations whose first response met the target, per group and period',
        querystring: Type.Object(
          {
            ...common,
            group_by: Type.Optional(GroupByValue),
            period: Type.Optional(
              Type.Union(
                ['none', 'day', 'week', 'month'].map((value) => Type.Literal(value)),
                { default: 'none' },
              ),
            ),
            tz: timezone,
            target_seconds: Type.Optional(
              Type.Integer({
                minimum: 1,
                description: "A calendar-time target instead of each conversation's SLA policy.",
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: list(
          Type.Object({
            ...groupFields,
            period_start: Nullable(Type.String()),
            conversations: Type.Integer(),
            answered: Type.Integer(),
            under_target: Type.Integer(),
            met: Type.Integer(),
            attainment_pct: NullableNumber,
          }),
        ),
      },
    },
    async (request, reply) => {
      const query = request.query;
      const rows = await slaAttainment(db, {
        filter: filterOf(principalOf(request).organisationId, query),
        groupBy: (query.group_by ?? 'organisation') as GroupBy,
        period: (query.period ?? 'none') as Period,
        timezone: checkTimezone(query.tz ?? 'UTC'),
        targetMs: query.target_seconds === undefined ? undefined : query.target_seconds * 1000,
      });
      return answer(reply, query.format, 'sla-attainment', rows);
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
        querystring: Type.Object(
          { ...common, group_by: Type.Optional(GroupByValue) },
          { additionalProperties: false },
        ),
        response: list(
          Type.Object({
            ...groupFields,
            conversations: Type.Integer(),
            answered: Type.Integer(),
            frt_p50_s: NullableNumber,
            frt_p90_s: NullableNumber,
            resolved: Type.Integer(),
            resolution_p50_s: NullableNumber,
            resolution_p90_s: NullableNumber,
          }),
        ),
      },
    },
    async (request, reply) => {
      const query = request.query;
      const rows = await responseTimes(
        db,
        filterOf(principalOf(request).organisationId, query),
        (query.group_by ?? 'organisation') as GroupBy,
      );
      return answer(reply, query.format, 'response-times', rows);
    },
  );

  const FirstResponseFigures = {
    conversations: Type.Integer(),
    answered: Type.Integer(),
    frt_p50_s: NullableNumber,
    frt_p90_s: NullableNumber,
    within_target: Type.Integer(),
    within_target_pct: NullableNumber,
    within_target_of_answered_pct: NullableNumber,
  };
  app.get(
    '/api/v1/reports/first-response',
    {
      ...route,
      schema: {
        tags: ['reports'],
        summary:
          'First response against a calendar-time target, organisation-wide and per channel account',
        querystring: Type.Object(
          { ...common, target_seconds: Type.Integer({ minimum: 1 }) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            target_seconds: Type.Integer(),
            organisation: Type.Object(FirstResponseFigures),
            channel_accounts: Type.Array(
              Type.Object({
                id: Nullable(Type.Integer()),
                name: Nullable(Type.String()),
                ...FirstResponseFigures,
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const query = request.query;
      const summary = await firstResponseSummary(
        db,
        filterOf(principalOf(request).organisationId, query),
        query.target_seconds * 1000,
      );
      if (query.format === 'csv') {
        const rows = [
          { scope: 'organisation', id: null, name: null, ...summary.organisation },
          ...summary.channel_accounts.map((account) => ({ scope: 'channel_account', ...account })),
        ];
        return answer(reply, 'csv', 'first-response', rows);
      }
      return { target_seconds: query.target_seconds, ...summary };
    },
  );

  app.get(
    '/api/v1/reports/volume',
    {
      ...route,
      schema: {
        tags: ['reports'],
        summary: 'New conversations by local hour of the week (168 cells, Monday 00:00 first)',
        querystring: Type.Object({ ...common, tz: timezone }, { additionalProperties: false }),
        response: list(
          Type.Object({
            weekday: Type.String(),
            hour: Type.Integer(),
            conversations: Type.Integer(),
          }),
        ),
      },
    },
    async (request, reply) => {
      const query = request.query;
      const rows = await volumeByHourOfWeek(
        db,
        filterOf(principalOf(request).organisationId, query),
        checkTimezone(query.tz ?? 'UTC'),
      );
      return answer(reply, query.format, 'volume', rows);
    },
  );

  app.get(
    '/api/v1/reports/backlog',
    {
      ...route,
      schema: {
        tags: ['reports'],
        summary: 'Unresolved conversations by age of their first customer message',
        querystring: Type.Object(
          {
            team_id: common.team_id,
            channel_account_id: common.channel_account_id,
            format: common.format,
          },
          { additionalProperties: false },
        ),
        response: list(Type.Object({ age: Type.String(), conversations: Type.Integer() })),
      },
    },
    async (request, reply) => {
      const query = request.query;
      const rows = await backlog(db, {
        organisationId: principalOf(request).organisationId,
        now: Date.now(),
        teamId: query.team_id,
        channelAccountId: query.channel_account_id,
      });
      return answer(reply, query.format, 'backlog', rows);
    },
  );

  app.get(
    '/api/v1/reports/breaches',
    {
      ...route,
      schema: {
        tags: ['reports'],
        summary: 'Conversations that breached a target or are overdue now, newest first',
        querystring: Type.Object(
          {
            ...common,
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
          },
          { additionalProperties: false },
        ),
        response: list(
          Type.Object({
            conversation_id: Type.Integer(),
            status: Type.String(),
            team_id: Nullable(Type.Integer()),
            channel_account_id: Type.Integer(),
            agent_id: Nullable(Type.Integer()),
            first_inbound_at: Type.String(),
            first_response_at: Nullable(Type.String()),
            frt_s: NullableNumber,
            breached: Type.String({ description: 'Space-separated breached targets.' }),
            overdue_since: Nullable(Type.String()),
          }),
        ),
      },
    },
    async (request, reply) => {
      const query = request.query;
      const now = Date.now();
      const rows = await breachingConversations(
        db,
        filterOf(principalOf(request).organisationId, query),
        now,
        query.limit ?? 100,
      );
      return answer(reply, query.format, 'breaches', rows);
    },
  );
}
