import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { toCsv } from '../../platform/csv-export.js';
import { principalOf } from '../../server/route-types.js';
import { reportRange } from '../reports/index.js';
import { BypassReportQuery, BypassReportResponses } from './bypass.schema.js';
import { bypassReport } from './bypass.service.js';
import { bypassCsvRows } from './bypass-report.js';
import { bypassSettings } from './bypass-settings.js';

export function registerBypassRoutes(base: FastifyInstance, context: AppContext): void {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/v1/reports/bypass',
    {
      config: { permission: 'reports:read' },
      schema: {
        tags: ['reports'],
        summary:
          'Social bypass rate per week, channel and team, and the channels people bypass (docs/metrics.md)',
        querystring: BypassReportQuery,
        response: BypassReportResponses,
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const report = await bypassReport(
        context.database.db,
        principal.organisationId,
        bypassSettings(context.config),
        reportRange(request.query, Date.now()),
      );
      if (request.query.format === 'csv') {
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="bypass.csv"')
          .send(toCsv(bypassCsvRows(report)));
      }
      return reply.send(report);
    },
  );
}
