import { Type } from '@sinclair/typebox';
import { errorResponses, refTo } from '../../server/route-types.js';

export const DeliverySchema = Type.Object(
  {
    message_id: Type.Integer(),
    status: Type.String({
      description:
        'queued (waiting for its turn or for a channel connection), sending, sent (accepted by the ' +
        "channel's server), delivered (the channel confirmed it), failed (`last_error` says why)",
    }),
    attempts: Type.Integer(),
    last_error: Type.Union([Type.String(), Type.Null()]),
    updated_at: Type.String(),
  },
  { $id: 'Delivery' },
);

export const DeliveryListSchema = Type.Object({ data: Type.Array(refTo(DeliverySchema)) });

export const PostMessageBody = Type.Object(
  {
    kind: Type.Union([Type.Literal('reply'), Type.Literal('note')]),
    text: Type.String({ minLength: 1, maxLength: 10_000 }),
    last_seen_message_id: Type.Optional(Type.Integer({ minimum: 0 })),
    force: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const PostedMessageSchema = Type.Object({
  message_id: Type.Integer(),
  created_at: Type.String(),
  delivery: Type.Union([refTo(DeliverySchema), Type.Null()]),
});

export const postMessageResponses = {
  201: PostedMessageSchema,
  ...errorResponses,
  409: errorResponses[400],
};

/** Shapes that several routes share, registered once (`refTo` points at them). */
export const replySchemas = [DeliverySchema];
