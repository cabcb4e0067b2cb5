import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { errorResponses, IdParams, principalOf } from '../../server/route-types.js';
import { presentJobList, presentRetriedJobs, presentStats } from './admin.presenter.js';
import {
  JobListQuerystring,
  JobListSchema,
  NoContent,
  RetriedJobsSchema,
  StatsSchema,
} from './admin.schema.js';
import { jobsInQueue, retryAllDeadLetters, retryJob } from './admin.service.js';
import { collectProcessStats, collectStats } from './stats.service.js';

/** Dead letters and operational figures: what an admin needs when something went wrong. */
export function registerAdminRoutes(base: FastifyInstance, context: AppContext): void {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/v1/admin/stats',
    {
      config: { permission: 'admin' },
      schema: {
        tags: ['admin'],
        summary: "The organisation's counts and this server process's operational figures",
        response: { 200: StatsSchema, ...errorResponses },
      },
    },
    async (request) =>
      presentStats(
        await collectStats(context.database.db, principalOf(request).organisationId),
        collectProcessStats(),
      ),
  );

  app.get(
    '/api/v1/admin/jobs',
    {
      config: { permission: 'admin' },
      schema: {
        tags: ['admin'],
        summary: 'Jobs in the queue; status=dead lists dead letters',
        querystring: JobListQuerystring,
        response: { 200: JobListSchema, ...errorResponses },
      },
    },
    async (request) =>
      presentJobList(await jobsInQueue(context, principalOf(request), request.query)),
  );

  app.post(
    '/api/v1/admin/jobs/:id/retry',
    {
      config: { permission: 'admin' },
      schema: {
        tags: ['admin'],
        summary: 'Give a dead job a fresh set of attempts',
        params: IdParams,
        response: { 204: NoContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      await retryJob(context, principalOf(request), request.params.id);
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
        response: { 200: RetriedJobsSchema, ...errorResponses },
      },
    },
    async (request) => presentRetriedJobs(await retryAllDeadLetters(context, principalOf(request))),
  );
}
