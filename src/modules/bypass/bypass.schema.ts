import { type TSchema, Type } from '@sinclair/typebox';
import { errorResponses } from '../../server/route-types.js';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const BypassReportQuery = Type.Object(
  {
    from: Type.Optional(
      Type.String({
        description:
          'Start (date or date-time) of conversation starts; default 30 days before `to`.',
      }),
    ),
    to: Type.Optional(Type.String({ description: 'End, exclusive; default now.' })),
    format: Type.Optional(
      Type.Union([Type.Literal('json'), Type.Literal('csv')], { default: 'json' }),
    ),
  },
  { additionalProperties: false },
);

const rate = {
  conversations: Type.Integer(),
  bypassed: Type.Integer(),
  rate: Nullable(Type.Number({ description: 'bypassed / conversations' })),
};

export const BypassReportSchema = Type.Object(
  {
    from: Type.String(),
    to: Type.String(),
    social_channels: Type.Array(Type.String()),
    total: Type.Object(rate),
    by_week: Type.Array(Type.Object({ week_start: Type.String(), ...rate })),
    by_channel: Type.Array(Type.Object({ channel: Type.String(), ...rate })),
    by_team: Type.Array(
      Type.Object({
        team_id: Nullable(Type.Integer()),
        team_name: Nullable(Type.String()),
        ...rate,
      }),
    ),
    from_channels: Type.Array(
      Type.Object({ channel: Type.String(), bypassed: Type.Integer(), share: Type.Number() }),
    ),
  },
  { description: 'JSON, or text/csv with ?format=csv (one row per dimension and key).' },
);

export const BypassReportResponses = { 200: BypassReportSchema, ...errorResponses };
