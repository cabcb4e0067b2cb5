import { type TSchema, Type } from '@sinclair/typebox';
import { errorResponses, IdParams, refTo } from '../../server/route-types.js';

/** The listening routes' schemas (the OpenAPI document is generated from them). */
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
export const Duplicate = Type.Object(
  {
    id: Type.Integer(),
    theme_id: Nullable(Type.Integer()),
    message_count: Type.Integer(),
    author_count: Type.Integer(),
    first_seen_at: Type.String(),
    last_seen_at: Type.String(),
    representative: Type.Object({ message_id: Type.Integer(), text: Type.String() }),
  },
  { $id: 'DuplicateCluster' },
);
const Ok = Type.Object({ ok: Type.Boolean() });

const Point = Type.Object({
  at: Type.String(),
  negative: Type.Integer(),
  neutral: Type.Integer(),
  positive: Type.Integer(),
  unknown: Type.Integer(),
  total: Type.Integer(),
  average_polarity: Nullable(Type.Number()),
});

export const themeListSchema = {
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
};

export const themeDetailSchema = {
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
      duplicate_clusters: Type.Array(refTo(Duplicate)),
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
};

export const renameThemeSchema = {
  tags: ['listening'],
  summary: 'Rename a theme (the name is pinned and survives re-clustering)',
  params: IdParams,
  body: Type.Object(
    { label: Type.String({ minLength: 1, maxLength: 120 }) },
    { additionalProperties: false },
  ),
  response: { 200: Ok, ...errorResponses },
};

export const mergeThemesSchema = {
  tags: ['listening'],
  summary: 'Merge other themes into this one (kept merged through re-clustering)',
  params: IdParams,
  body: Type.Object(
    { theme_ids: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 50 }) },
    { additionalProperties: false },
  ),
  response: { 200: Ok, ...errorResponses },
};

export const splitThemeSchema = {
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
};

export const reclusterSchema = {
  tags: ['listening'],
  summary: 'Queue a re-clustering of the last 30 days (analysts’ edits are kept)',
  response: { 202: Type.Object({ job_id: Type.Integer() }), ...errorResponses },
};

export const duplicatesSchema = {
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
  response: { 200: Type.Object({ data: Type.Array(refTo(Duplicate)) }), ...errorResponses },
};

export const sentimentSchema = {
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
};

/** Shapes that several routes share, registered once (`refTo` points at them). */
export const themeSchemas = [Duplicate];
