import { Type } from '@sinclair/typebox';
import { errorResponses, refTo } from '../../server/route-types.js';

export const CannedReplySchema = Type.Object(
  {
    id: Type.Integer(),
    shortcut: Type.String(),
    title: Type.String(),
    body: Type.String(),
    updated_at: Type.String(),
  },
  { $id: 'CannedReply' },
);

export const CannedReplyListSchema = Type.Object({ data: Type.Array(refTo(CannedReplySchema)) });

const fields = {
  shortcut: Type.String({ minLength: 1, maxLength: 40, pattern: '^[a-z0-9][a-z0-9_-]*$' }),
  title: Type.String({ minLength: 1, maxLength: 120 }),
  body: Type.String({
    minLength: 1,
    maxLength: 5000,
    description: 'Text with {{contact.name}}, {{agent.name}} or {{conversation.id}}.',
  }),
};

export const CreateCannedReplyBody = Type.Object(fields, { additionalProperties: false });

export const ChangeCannedReplyBody = Type.Partial(Type.Object(fields), {
  additionalProperties: false,
  minProperties: 1,
});

export const RenderCannedReplyBody = Type.Object(
  { conversation_id: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);

export const RenderedCannedReplySchema = Type.Object({ text: Type.String() });

/** Creating or renaming a shortcut another reply has answers 409 canned_reply_shortcut_taken. */
export const writeResponses = { ...errorResponses, 409: errorResponses[400] };

/** A write that answers 204 with no body. */
export const NoContent = Type.Null();

/** Shapes that several routes share, registered once (`refTo` points at them). */
export const cannedReplySchemas = [CannedReplySchema];
