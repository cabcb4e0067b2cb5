import { Type } from '@sinclair/typebox';
import { EmailConnectionInput } from './email/email-settings.js';

const Instant = Type.Union([Type.String(), Type.Null()]);

export const ChannelHealthSchema = Type.Object({
  status: Type.Union(
    [
      Type.Literal('not_connected'),
      Type.Literal('paused'),
      Type.Literal('never_fetched'),
      Type.Literal('ok'),
      Type.Literal('failing'),
      Type.Literal('needs_reauthentication'),
    ],
    { description: 'One word for the admin list; the fields below say more.' },
  ),
  last_success_at: Instant,
  last_error: Type.Union([Type.String(), Type.Null()]),
  last_error_at: Instant,
  consecutive_failures: Type.Integer(),
  needs_reauthentication: Type.Boolean(),
});

export const ConnectedChannelSchema = Type.Object({
  id: Type.Integer(),
  channel: Type.String(),
  handle: Type.String(),
  name: Type.String(),
  team_id: Type.Union([Type.Integer(), Type.Null()]),
  connected: Type.Boolean(),
  paused: Type.Boolean(),
  /** The connection's settings without any secret (passwords are never returned). */
  settings: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  health: ChannelHealthSchema,
});

export const ConnectedChannelListSchema = Type.Object({
  data: Type.Array(ConnectedChannelSchema),
});

export const ConnectEmailBody = Type.Object(
  {
    ...EmailConnectionInput.properties,
    team_id: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
    test: Type.Optional(
      Type.Boolean({ description: 'Log in to IMAP and SMTP before saving (default true).' }),
    ),
  },
  { additionalProperties: false },
);

export const QuarantineListSchema = Type.Object({
  data: Type.Array(
    Type.Object({
      item: Type.String(),
      attempts: Type.Integer(),
      quarantined: Type.Boolean(),
      last_error: Type.String(),
      updated_at: Type.String(),
    }),
  ),
});
