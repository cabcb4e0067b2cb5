import { type TSchema, Type } from '@sinclair/typebox';
import { refTo } from '../../server/route-types.js';

/** The alert routes' request and response schemas (the OpenAPI document is generated from them). */
const Nullable = (schema: TSchema) => Type.Union([schema, Type.Null()]);

export const AlertSchema = Type.Object(
  {
    id: Type.Integer(),
    status: Type.String(),
    severity: Type.String(),
    summary: Type.String({
      description:
        'What changed, e.g. "negative mentions of ... on @...: 48 in the hour vs 3 expected".',
    }),
    series: Type.Object({
      channel_account_id: Nullable(Type.Integer()),
      theme_id: Nullable(Type.Integer()),
      sentiment: Type.String(),
    }),
    observed_count: Type.Integer(),
    expected_count: Type.Number(),
    score: Type.Number(),
    first_hour_start: Type.String(),
    last_hour_start: Type.String(),
    example_message_ids: Type.Array(Type.Integer()),
    opened_at: Type.String(),
    acknowledged_at: Nullable(Type.String()),
    acknowledged_by_user_id: Nullable(Type.Integer()),
    resolved_at: Nullable(Type.String()),
    resolved_by_user_id: Nullable(Type.Integer()),
  },
  { $id: 'Alert' },
);

export const AlertListSchema = Type.Object({ data: Type.Array(refTo(AlertSchema)) });

/** Shapes that several routes share, registered once (`Type.Ref` points at them). */
export const alertSchemas = [AlertSchema];

const StatusValue = Type.Union(
  [
    Type.Literal('open'),
    Type.Literal('acknowledged'),
    Type.Literal('resolved'),
    Type.Literal('active'),
    Type.Literal('all'),
  ],
  { default: 'active', description: 'active = open or acknowledged.' },
);

export const AlertListQuery = Type.Object(
  {
    status: Type.Optional(StatusValue),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
  },
  { additionalProperties: false },
);

export const OutboxQuery = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })) },
  { additionalProperties: false },
);

export const OutboxSchema = Type.Object({
  data: Type.Array(
    Type.Object({
      id: Type.Integer(),
      alert_id: Nullable(Type.Integer()),
      recipient: Type.String(),
      subject: Type.String(),
      status: Type.String(),
      created_at: Type.String(),
      sent_at: Nullable(Type.String()),
    }),
  ),
});
