import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { errorResponses, principalOf } from '../../server/route-types.js';
import { auditCsv, presentAuditList } from './audit.presenter.js';
import { AuditListSchema, AuditQuerystring } from './audit.schema.js';
import { auditLogOf } from './audit.service.js';

/** The audit log: who changed what, for admins and auditors. */
export function registerAuditRoutes(base: FastifyInstance, context: AppContext): void {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/v1/audit',
    {
      config: { permission: 'audit:read' },
      schema: {
        tags: ['admin'],
        summary: 'Who changed what, newest first',
        querystring: AuditQuerystring,
        response: { 200: AuditListSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const list = presentAuditList(
        await auditLogOf(context, principal, request.query),
        principal.permissions.has('admin'),
      );
      if (request.query.format !== 'csv') return list;
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="audit-log.csv"')
        .send(auditCsv(list));
    },
  );
}
