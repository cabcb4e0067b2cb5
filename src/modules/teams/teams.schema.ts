import { Type } from '@sinclair/typebox';

export const TeamSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  timezone: Type.String(),
});

export const TeamListSchema = Type.Object({ data: Type.Array(TeamSchema) });

export const CreateTeamBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    timezone: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 64,
        description: 'IANA timezone, e.g. Europe/Berlin.',
      }),
    ),
  },
  { additionalProperties: false },
);
