import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { principalOf } from '../../server/route-types.js';
import {
  duplicatesSchema,
  mergeThemesSchema,
  reclusterSchema,
  renameThemeSchema,
  sentimentSchema,
  splitThemeSchema,
  themeDetailSchema,
  themeListSchema,
} from './theme.schema.js';
import { mergeThemes, renameTheme, splitTheme } from './theme-edit.service.js';
import {
  duplicateClusters,
  sentimentOverTime,
  themeDetail,
  themesWithTrends,
} from './theme-query.service.js';
import { queueRecluster } from './theme-recluster.js';

export function registerThemeRoutes(base: FastifyInstance, context: AppContext): void {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = context.database;
  const read = { config: { permission: 'listening:read' as const } };
  const write = { config: { permission: 'listening:write' as const } };
  const toMs = (value: string | undefined) => (value === undefined ? undefined : Date.parse(value));

  app.get(
    '/api/v1/listening/themes',
    {
      ...read,
      schema: themeListSchema,
    },
    async (request) => {
      const query = request.query;
      return themesWithTrends(db, principalOf(request).organisationId, {
        bucket: query.bucket ?? 'hour',
        points: query.points ?? 48,
        to: toMs(query.to),
        includeDormant: query.include_dormant ?? false,
        minMessages: query.min_messages ?? 1,
        limit: query.limit ?? 50,
        offset: query.offset ?? 0,
      });
    },
  );

  app.get(
    '/api/v1/listening/themes/:id',
    {
      ...read,
      schema: themeDetailSchema,
    },
    async (request) => themeDetail(db, principalOf(request).organisationId, request.params.id),
  );

  app.patch(
    '/api/v1/listening/themes/:id',
    {
      ...write,
      schema: renameThemeSchema,
    },
    async (request) => {
      const principal = principalOf(request);
      await renameTheme(
        context.database,
        principal.organisationId,
        request.params.id,
        request.body.label,
        principal.userId,
      );
      return { ok: true };
    },
  );

  app.post(
    '/api/v1/listening/themes/:id/merge',
    {
      ...write,
      schema: mergeThemesSchema,
    },
    async (request) => {
      const principal = principalOf(request);
      await mergeThemes(
        context.database,
        principal.organisationId,
        request.params.id,
        request.body.theme_ids,
        principal.userId,
      );
      return { ok: true };
    },
  );

  app.post(
    '/api/v1/listening/themes/:id/split',
    {
      ...write,
      schema: splitThemeSchema,
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const themeId = await splitTheme(
        context.database,
        principal.organisationId,
        request.params.id,
        request.body.keywords,
        request.body.label,
        principal.userId,
      );
      return reply.status(201).send({ theme_id: themeId });
    },
  );

  app.post(
    '/api/v1/listening/recluster',
    {
      ...write,
      schema: reclusterSchema,
    },
    async (request, reply) => {
      const jobId = await queueRecluster(context.database, principalOf(request).organisationId);
      return reply.status(202).send({ job_id: jobId });
    },
  );

  app.get(
    '/api/v1/listening/duplicates',
    {
      ...read,
      schema: duplicatesSchema,
    },
    async (request) => ({
      data: await duplicateClusters(db, principalOf(request).organisationId, {
        themeId: request.query.theme_id,
        minCount: request.query.min_count ?? 2,
        limit: request.query.limit ?? 50,
      }),
    }),
  );

  app.get(
    '/api/v1/listening/sentiment',
    {
      ...read,
      schema: sentimentSchema,
    },
    async (request) => {
      const query = request.query;
      return sentimentOverTime(db, principalOf(request).organisationId, {
        bucket: query.bucket ?? 'hour',
        points: query.points ?? 48,
        to: toMs(query.to),
        channelAccountId: query.channel_account_id,
      });
    },
  );
}
