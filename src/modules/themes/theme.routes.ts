import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { principalOf } from '../../server/route-types.js';
import {
  presentDuplicates,
  presentEdited,
  presentQueuedRecluster,
  presentSplit,
} from './theme.presenter.js';
import {
  duplicatesSchema,
  mergeThemesSchema,
  reclusterSchema,
  renameThemeSchema,
  sentimentSchema,
  splitThemeSchema,
  themeDetailSchema,
  themeListSchema,
  themeSchemas,
} from './theme.schema.js';
import {
  getTheme,
  listDuplicates,
  listThemes,
  mergeIntoTheme,
  renameThemeAs,
  requestRecluster,
  sentimentSeries,
  splitThemeBy,
} from './theme.service.js';

export function registerThemeRoutes(base: FastifyInstance, context: AppContext): void {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  for (const schema of themeSchemas) app.addSchema(schema);
  const read = { config: { permission: 'listening:read' as const } };
  const write = { config: { permission: 'listening:write' as const } };

  app.get('/api/v1/listening/themes', { ...read, schema: themeListSchema }, async (request) =>
    listThemes(context, principalOf(request), request.query),
  );

  app.get('/api/v1/listening/themes/:id', { ...read, schema: themeDetailSchema }, async (request) =>
    getTheme(context, principalOf(request), request.params.id),
  );

  app.patch(
    '/api/v1/listening/themes/:id',
    { ...write, schema: renameThemeSchema },
    async (request) => {
      await renameThemeAs(context, principalOf(request), request.params.id, request.body);
      return presentEdited();
    },
  );

  app.post(
    '/api/v1/listening/themes/:id/merge',
    { ...write, schema: mergeThemesSchema },
    async (request) => {
      await mergeIntoTheme(context, principalOf(request), request.params.id, request.body);
      return presentEdited();
    },
  );

  app.post(
    '/api/v1/listening/themes/:id/split',
    { ...write, schema: splitThemeSchema },
    async (request, reply) => {
      const themeId = await splitThemeBy(
        context,
        principalOf(request),
        request.params.id,
        request.body,
      );
      return reply.status(201).send(presentSplit(themeId));
    },
  );

  app.post(
    '/api/v1/listening/recluster',
    { ...write, schema: reclusterSchema },
    async (request, reply) => {
      const jobId = await requestRecluster(context, principalOf(request));
      return reply.status(202).send(presentQueuedRecluster(jobId));
    },
  );

  app.get('/api/v1/listening/duplicates', { ...read, schema: duplicatesSchema }, async (request) =>
    presentDuplicates(await listDuplicates(context, principalOf(request), request.query)),
  );

  app.get('/api/v1/listening/sentiment', { ...read, schema: sentimentSchema }, async (request) =>
    sentimentSeries(context, principalOf(request), request.query),
  );
}
