import { Type } from '@sinclair/typebox';
import { InboundMessageSchema } from './inbound-message.schema.js';

export const maxBatch = 1000;

/**
 * One message (checked whole: a bad one answers 400), or a batch whose messages are checked one by
 * one, so a bad message is refused on its own and the rest are stored.
 */
export const InboundBody = Type.Union([
  Type.Ref(InboundMessageSchema),
  Type.Object(
    {
      messages: Type.Array(
        Type.Object(
          {},
          {
            additionalProperties: true,
            description: 'An InboundMessage; one that does not match is rejected on its own.',
          },
        ),
        { minItems: 1, maxItems: maxBatch },
      ),
    },
    { additionalProperties: false },
  ),
]);

const FieldErrorSchema = Type.Object({ path: Type.String(), message: Type.String() });

export const AcceptedSchema = Type.Object({
  accepted: Type.Integer({ description: 'Messages stored now.' }),
  duplicates: Type.Integer({ description: 'Messages already received before; nothing new.' }),
  rejected: Type.Integer({ description: 'Messages refused; see their errors.' }),
  results: Type.Array(
    Type.Object({
      index: Type.Integer({ description: 'Position of the message in the request.' }),
      external_id: Type.Union([Type.String(), Type.Null()]),
      status: Type.Union([
        Type.Literal('accepted'),
        Type.Literal('duplicate'),
        Type.Literal('rejected'),
      ]),
      errors: Type.Optional(Type.Array(FieldErrorSchema)),
    }),
  ),
});
