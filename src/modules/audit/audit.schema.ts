import { Type } from '@sinclair/typebox';

export const AuditQuerystring = Type.Object(
  {
    subject_type: Type.Optional(Type.String({ maxLength: 50 })),
    subject_id: Type.Optional(Type.Integer({ minimum: 1 })),
    actor_id: Type.Optional(Type.Integer({ minimum: 1, description: 'The user who acted' })),
    action: Type.Optional(
      Type.String({
        maxLength: 80,
        pattern: '^[a-z_.]+$',
        description: 'An action (`user.invited`) or its start (`user.`)',
      }),
    ),
    since: Type.Optional(Type.String({ format: 'date-time' })),
    until: Type.Optional(Type.String({ format: 'date-time' })),
    format: Type.Optional(
      Type.Union([Type.Literal('json'), Type.Literal('csv')], {
        description: 'JSON, or text/csv with ?format=csv.',
      }),
    ),
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
