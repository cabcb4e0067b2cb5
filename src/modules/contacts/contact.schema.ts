import { Type } from '@sinclair/typebox';

export const ContactSchema = Type.Object(
  {
    id: Type.Integer(),
    name: Type.Union([Type.String(), Type.Null()]),
    merged_into_id: Type.Union([Type.Integer(), Type.Null()]),
    identities: Type.Array(
      Type.Object({
        id: Type.Integer(),
        channel: Type.String(),
        handle: Type.String(),
        display_name: Type.Union([Type.String(), Type.Null()]),
      }),
    ),
    created_at: Type.String(),
  },
  { $id: 'Contact' },
);

export const MergeContactBody = Type.Object(
  { contact_id: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);

/** Shapes that several routes share, registered once (`refTo` points at them). */
export const contactSchemas = [ContactSchema];
