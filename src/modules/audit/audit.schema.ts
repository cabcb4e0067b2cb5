import { Type } from '@sinclair/typebox';

export const AuditQuerystring = Type.Object(
  {
    subject_type: Type.Optional(Type.String({ maxLength: 50 })),
    subject_id: Type.Optional(Type.Integer({ minimum: 1 })),
    before_id: Type.Optional(Type.Integer({ minimum: 1 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  },
  { additionalProperties: false },
);

export const AuditEntrySchema = Type.Object({
  id: Type.Integer(),
  actor_type: Type.String(),
  actor_id: Type.Union([Type.Integer(), Type.Null()]),
  action: Type.String(),
  subject_type: Type.String(),
  subject_id: Type.Union([Type.Integer(), Type.Null()]),
  changes: Type.Unknown(),
  created_at: Type.String(),
});

export const AuditListSchema = Type.Object({ data: Type.Array(AuditEntrySchema) });
