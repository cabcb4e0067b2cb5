import { Type } from '@sinclair/typebox';

/** A small palette readable on white, so labels stay legible whoever picks the colour. */
export const labelColours = [
  'slate',
  'red',
  'amber',
  'green',
  'teal',
  'blue',
  'violet',
  'pink',
] as const;
export type LabelColour = (typeof labelColours)[number];

export const LabelSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  colour: Type.String(),
});

export const LabelListSchema = Type.Object({ data: Type.Array(LabelSchema) }, { $id: 'LabelList' });

export const CreateLabelBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 60, pattern: '\\S' }),
    colour: Type.Optional(Type.Union(labelColours.map((colour) => Type.Literal(colour)))),
  },
  { additionalProperties: false },
);

export const SetConversationLabelsBody = Type.Object(
  { label_ids: Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 50 }) },
  { additionalProperties: false },
);

/** A write that answers 204 with no body. */
export const NoContent = Type.Null();

/** Shapes that several routes share, registered once (`refTo` points at them). */
export const labelSchemas = [LabelListSchema];
