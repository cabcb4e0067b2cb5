import { Type } from '@sinclair/typebox';
import { refTo } from '../../server/route-types.js';

export const ChannelAccountSchema = Type.Object(
  {
    id: Type.Integer(),
    channel: Type.String(),
    handle: Type.String(),
    name: Type.String(),
    team_id: Type.Union([Type.Integer(), Type.Null()]),
  },
  { $id: 'ChannelAccount' },
);

export const ChannelAccountListSchema = Type.Object({
  data: Type.Array(refTo(ChannelAccountSchema)),
});

export const CreateChannelAccountBody = Type.Object(
  {
    channel: Type.String({ pattern: '^[a-z][a-z0-9_-]{0,31}$' }),
    handle: Type.String({ minLength: 1, maxLength: 200 }),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    team_id: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
  },
  { additionalProperties: false },
);

export const MoveChannelAccountBody = Type.Object(
  { team_id: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]) },
  { additionalProperties: false },
);

/** Shapes that several routes share, registered once (`refTo` points at them). */
export const channelSchemas = [ChannelAccountSchema];
