import { Type } from '@sinclair/typebox';
import { errorResponses } from '../../server/route-types.js';

const plainText = '^[^\\u0000-\\u001f\\u007f]*$';

export const OrganisationSettingsSchema = Type.Object({
  name: Type.String(),
  timezone: Type.String({ description: 'IANA timezone: the default for new teams and reports' }),
  language: Type.String({ description: 'BCP 47 language tag of what Hearken writes to people' }),
  logo_url: Type.Union([Type.String(), Type.Null()], {
    description: "The portal's logo (an https URL), or null",
  }),
  brand_colour: Type.String({ description: "The portal's accent colour, #rrggbb" }),
});

export const getOrganisationSchema = {
  tags: ['admin'],
  summary: "The organisation's name, timezone and language",
  response: { 200: OrganisationSettingsSchema, ...errorResponses },
};

export const changeOrganisationSchema = {
  tags: ['admin'],
  summary: "Change the organisation's name, timezone or language",
  body: Type.Object(
    {
      name: Type.Optional(Type.String({ minLength: 1, maxLength: 200, pattern: plainText })),
      timezone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
      language: Type.Optional(
        Type.String({ minLength: 2, maxLength: 35, pattern: '^[A-Za-z0-9-]+$' }),
      ),
      logo_url: Type.Optional(
        Type.Union([
          Type.String({ minLength: 9, maxLength: 500, pattern: '^https://[^\\s"\'<>]+$' }),
          Type.Null(),
        ]),
      ),
      brand_colour: Type.Optional(Type.String({ pattern: '^#[0-9a-fA-F]{6}$' })),
    },
    { additionalProperties: false, minProperties: 1 },
  ),
  response: { 200: OrganisationSettingsSchema, ...errorResponses },
};
