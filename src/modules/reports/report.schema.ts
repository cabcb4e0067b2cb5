import { type TSchema, Type } from '@sinclair/typebox';
import { errorResponses } from '../../server/route-types.js';

/** The report routes' query and response schemas (the OpenAPI document is generated from them). */
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
  [
    Type.Literal('organisation'),
    Type.Literal('team'),
    Type.Literal('channel_account'),
    Type.Literal('agent'),
  ],
  { default: 'organisation' },
);
const timezone = Type.Optional(
  Type.String({
    maxLength: 64,
    default: 'UTC',
    description: 'IANA timezone of days, weeks and hours.',
  }),
);

const list = (row: TSchema, meta: Record<string, TSchema> = {}) => ({
  200: Type.Object(
    { ...meta, data: Type.Array(row) },
    { description: 'JSON, or text/csv with ?format=csv.' },
  ),
  ...errorResponses,
});
const groupFields = { group_id: Nullable(Type.Integer()), group_name: Nullable(Type.String()) };

export const SlaAttainmentQuery = Type.Object(
  {
    ...common,
    group_by: Type.Optional(GroupByValue),
    period: Type.Optional(
      Type.Union(
        [Type.Literal('none'), Type.Literal('day'), Type.Literal('week'), Type.Literal('month')],
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
);

export const SlaAttainmentResponses = list(
  Type.Object({
    ...groupFields,
    period_start: Nullable(Type.String()),
    conversations: Type.Integer(),
    answered: Type.Integer(),
    under_target: Type.Integer(),
    met: Type.Integer(),
    attainment_pct: NullableNumber,
  }),
);

export const ResponseTimesQuery = Type.Object(
  { ...common, group_by: Type.Optional(GroupByValue) },
  { additionalProperties: false },
);

export const ResponseTimesResponses = list(
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

export const FirstResponseQuery = Type.Object(
  { ...common, target_seconds: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);

export const FirstResponseResponses = {
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
};

export const VolumeQuery = Type.Object(
  { ...common, tz: timezone },
  { additionalProperties: false },
);

export const VolumeResponses = list(
  Type.Object({
    weekday: Type.String(),
    hour: Type.Integer(),
    conversations: Type.Integer(),
  }),
);

export const BacklogQuery = Type.Object(
  {
    team_id: common.team_id,
    channel_account_id: common.channel_account_id,
    format: common.format,
  },
  { additionalProperties: false },
);

export const BacklogResponses = list(
  Type.Object({ age: Type.String(), conversations: Type.Integer() }),
);

export const BreachesQuery = Type.Object(
  {
    ...common,
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
  },
  { additionalProperties: false },
);

export const BreachesResponses = list(
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
);
