import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';
import { listJobs, retryAllDeadJobs, retryDeadJob } from '../../platform/jobs/job-queue.js';
import { errorResponses, IdParams, principalOf } from '../../server/route-types.js';
import { listAudit, recordAudit } from '../audit/index.js';
import { actorOf } from '../auth/index.js';

const JobSchema = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  status: Type.String(),
  attempts: Type.Integer(),
  max_attempts: Type.Integer(),
  run_at: Type.String(),
  last_error: Type.Union([Type.String(), Type.Null()]),
  created_at: Type.String(),
  updated_at: Type.String({ description: 'The last change; for a dead job, when it died.' }),
  payload_preview: Type.String({
    description:
      "The payload's JSON cut to 200 characters (… when cut). It can hold customer text: show it as text.",
  }),
});

const iso = (value: number) => new Date(value).toISOString();

/** Dead letters and the audit log: what an admin needs to see when something went wrong. */
export function registerAdminRoutes(base: FastifyInstance, context: AppContext): void {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = context.database;

  app.get(
    '/api/v1/admin/jobs',
    {
      config: { permission: 'admin' },
      schema: {
        tags: ['admin'],
        summary: 'Jobs in the queue; status=dead lists dead letters',
        querystring: Type.Object(
          {
            status: Type.Optional(
              Type.Union([Type.Literal('ready'), Type.Literal('running'), Type.Literal('dead')]),
            ),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ data: Type.Array(JobSchema) }), ...errorResponses },
      },
    },
    async (request) => {
      const jobs = await listJobs(db, request.query.status, request.query.limit ?? 100);
      return {
        data: jobs.map((job) => ({
          id: job.id,
          kind: job.kind,
          status: job.status,
          attempts: job.attempts,
          max_attempts: job.maxAttempts,
          run_at: iso(job.runAt),
          last_error: job.lastError,
          created_at: iso(job.createdAt),
          updated_at: iso(job.updatedAt),
          payload_preview: job.payloadPreview,
        })),
      };
    },
  );

  app.post(
    '/api/v1/admin/jobs/:id/retry',
    {
      config: { permission: 'admin' },
      schema: {
        tags: ['admin'],
        summary: 'Give a dead job a fresh set of attempts',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      if (!(await retryDeadJob(db, request.params.id))) throw notFound('dead job');
      await recordAudit(db, {
        organisationId: principal.organisationId,
        actor: actorOf(principal),
        action: 'job.retried',
        subjectType: 'job',
        subjectId: request.params.id,
        changes: {},
      });
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/admin/jobs/retry-dead',
    {
      config: { permission: 'admin' },
      schema: {
        tags: ['admin'],
        summary: 'Give every dead job a fresh set of attempts',
        response: { 200: Type.Object({ retried: Type.Integer() }), ...errorResponses },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const retried = await retryAllDeadJobs(db);
      if (retried > 0) {
        await recordAudit(db, {
          organisationId: principal.organisationId,
          actor: actorOf(principal),
          action: 'job.retried_all',
          subjectType: 'job',
          subjectId: null,
          changes: { retried },
        });
      }
      return { retried };
    },
  );

  app.get(
    '/api/v1/audit',
    {
      config: { permission: 'audit:read' },
      schema: {
        tags: ['admin'],
        summary: 'Who changed what, newest first',
        querystring: Type.Object(
          {
            subject_type: Type.Optional(Type.String({ maxLength: 50 })),
            subject_id: Type.Optional(Type.Integer({ minimum: 1 })),
            before_id: Type.Optional(Type.Integer({ minimum: 1 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            data: Type.Array(
              Type.Object({
                id: Type.Integer(),
                actor_type: Type.String(),
                actor_id: Type.Union([Type.Integer(), Type.Null()]),
                action: Type.String(),
                subject_type: Type.String(),
                subject_id: Type.Union([Type.Integer(), Type.Null()]),
                changes: Type.Unknown(),
                created_at: Type.String(),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const query = request.query;
      const rows = await listAudit(db, principalOf(request).organisationId, {
        ...(query.subject_type ? { subjectType: query.subject_type } : {}),
        ...(query.subject_id ? { subjectId: query.subject_id } : {}),
        ...(query.before_id ? { beforeId: query.before_id } : {}),
        limit: query.limit ?? 100,
      });
      return {
        data: rows.map((row) => ({
          id: row.id,
          actor_type: row.actor_type,
          actor_id: row.actor_id,
          action: row.action,
          subject_type: row.subject_type,
          subject_id: row.subject_id,
          changes: JSON.parse(row.changes) as unknown,
          created_at: iso(row.created_at),
        })),
      };
    },
  );
}
