import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { type TSchema, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { errorResponses, IdParams, principalOf } from '../../server/route-types.js';
import { mergeThemes, renameTheme, splitTheme } from './theme-edit.service.js';
import {
  duplicateClusters,
  sentimentOverTime,
  themeDetail,
  themesWithTrends,
} from './theme-query.service.js';
import { queueRecluster } from './theme-recluster.js';

const Nullable = (schema: TSchema) => Type.Union([schema, Type.Null()]);
const BucketValue = Type.Union([Type.Literal('hour'), Type.Literal('day')], { default: 'hour' });
const range = {
  bucket: Type.Optional(BucketValue),
  points: Type.Optional(Type.Integer({ minimum: 1, maximum: 24 * 90, default: 48 })),
  to: Type.Optional(
    Type.String({
      format: 'date-time',
      description: 'End of the series (exclusive); default: the hour after the newest message.',
    }),
  ),
};

const ThemeFields = {
  id: Type.Integer(),
  label: Type.String(),
  generated_label: Type.String(),
  pinned: Type.Boolean(),
  status: Type.String(),
  merged_into_id: Nullable(Type.Integer()),
  message_count: Type.Integer(),
  average_sentiment: Nullable(Type.Number()),
  top_terms: Type.Array(Type.Object({ term: Type.String(), weight: Type.Number() })),
  last_message_at: Nullable(Type.String()),
  created_at: Nullable(Type.String()),
};
const Duplicate = Type.Object({
  id: Type.Integer(),
  theme_id: Nullable(Type.Integer()),
  message_count: Type.Integer(),
  author_count: Type.Integer(),
  first_seen_at: Type.String(),
  last_seen_at: Type.String(),
  representative: Type.Object({ message_id: Type.Integer(), text: Type.String() }),
});
const Ok = Type.Object({ ok: Type.Boolean() });

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
      schema: {
        tags: ['listening'],
        summary: 'Themes by volume, with label, top terms, sentiment and a sparkline',
        querystring: Type.Object(
          {
            ...range,
            include_dormant: Type.Optional(Type.Boolean({ default: false })),
            min_messages: Type.Optional(Type.Integer({ minimum: 0, default: 1 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
            offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            bucket: Type.String(),
            from: Nullable(Type.String()),
            to: Nullable(Type.String()),
            data: Type.Array(
              Type.Object({
                ...ThemeFields,
                trend: Type.Array(Type.Object({ at: Type.String(), count: Type.Integer() })),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
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
      schema: {
        tags: ['listening'],
        summary: 'A theme with representative messages, near-duplicate clusters and its rules',
        params: IdParams,
        response: {
          200: Type.Object({
            ...ThemeFields,
            representative_messages: Type.Array(
              Type.Object({
                id: Type.Integer(),
                conversation_id: Type.Integer(),
                author_handle: Nullable(Type.String()),
                text: Type.String(),
                created_at: Type.String(),
                similarity: Type.Number(),
                sentiment: Nullable(Type.String()),
              }),
            ),
            duplicate_clusters: Type.Array(Duplicate),
            rules: Type.Array(
              Type.Object({
                id: Type.Integer(),
                kind: Type.String(),
                data: Type.Record(Type.String(), Type.Unknown()),
                created_by_user_id: Nullable(Type.Integer()),
                created_at: Type.String(),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => themeDetail(db, principalOf(request).organisationId, request.params.id),
  );

  app.patch(
    '/api/v1/listening/themes/:id',
    {
      ...write,
      schema: {
        tags: ['listening'],
        summary: 'Rename a theme (the name is pinned and survives re-clustering)',
        params: IdParams,
        body: Type.Object(
          { label: Type.String({ minLength: 1, maxLength: 120 }) },
          { additionalProperties: false },
        ),
        response: { 200: Ok, ...errorResponses },
      },
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
      schema: {
        tags: ['listening'],
        summary: 'Merge other themes into this one (kept merged through re-clustering)',
        params: IdParams,
        body: Type.Object(
          { theme_ids: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 50 }) },
          { additionalProperties: false },
        ),
        response: { 200: Ok, ...errorResponses },
      },
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
      schema: {
        tags: ['listening'],
        summary: "Split the theme's messages with any of the keywords into a new theme",
        params: IdParams,
        body: Type.Object(
          {
            keywords: Type.Array(Type.String({ minLength: 1, maxLength: 60 }), {
              minItems: 1,
              maxItems: 20,
            }),
            label: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ theme_id: Type.Integer() }), ...errorResponses },
      },
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
      schema: {
        tags: ['listening'],
        summary: 'Queue a re-clustering of the last 30 days (analysts’ edits are kept)',
        response: { 202: Type.Object({ job_id: Type.Integer() }), ...errorResponses },
      },
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
      schema: {
        tags: ['listening'],
        summary: 'Near-duplicate clusters (copy-paste campaigns), largest first',
        querystring: Type.Object(
          {
            theme_id: Type.Optional(Type.Integer({ minimum: 1 })),
            min_count: Type.Optional(Type.Integer({ minimum: 2, default: 2 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ data: Type.Array(Duplicate) }), ...errorResponses },
      },
    },
    async (request) => ({
      data: await duplicateClusters(db, principalOf(request).organisationId, {
        themeId: request.query.theme_id,
        minCount: request.query.min_count ?? 2,
        limit: request.query.limit ?? 50,
      }),
    }),
  );

  const Point = Type.Object({
    at: Type.String(),
    negative: Type.Integer(),
    neutral: Type.Integer(),
    positive: Type.Integer(),
    unknown: Type.Integer(),
    total: Type.Integer(),
    average_polarity: Nullable(Type.Number()),
  });
  app.get(
    '/api/v1/listening/sentiment',
    {
      ...read,
      schema: {
        tags: ['listening'],
        summary: 'Customer messages per sentiment over time, per channel account',
        description:
          'Sentiment comes from the classification stage; messages stored before it ran count as unknown.',
        querystring: Type.Object(
          { ...range, channel_account_id: Type.Optional(Type.Integer({ minimum: 1 })) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            bucket: Type.String(),
            from: Nullable(Type.String()),
            to: Nullable(Type.String()),
            data: Type.Array(
              Type.Object({
                channel_account: Type.Object({
                  id: Type.Integer(),
                  channel: Type.String(),
                  handle: Type.String(),
                }),
                points: Type.Array(Point),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
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
