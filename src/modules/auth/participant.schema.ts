import { Type } from '@sinclair/typebox';
import { errorResponses } from '../../server/route-types.js';
import { Nullable } from './auth.schema.js';

/** Schemas of participant sign-in (by e-mailed link), the participant's session and sign-out. */

export const ParticipantSessionSchema = Type.Object(
  {
    contact_id: Type.Integer(),
    name: Nullable(Type.String()),
    scope: Type.String({ description: '`portal` or `consultation:<id>`' }),
    csrf_token: Type.String({ description: 'Echo it in x-csrf-token on every write' }),
  },
  { $id: 'ParticipantSession' },
);

export const redeemParticipantLinkSchema = {
  tags: ['participants'],
  summary:
    'Sign in with an e-mailed portal or consultation link: works once, in the first browser that opens it',
  body: Type.Object(
    { token: Type.String({ minLength: 16, maxLength: 200, pattern: '^[A-Za-z0-9_-]+$' }) },
    { additionalProperties: false },
  ),
  response: {
    200: Type.Ref(ParticipantSessionSchema),
    ...errorResponses,
    409: errorResponses[400],
    410: errorResponses[400],
  },
};

export const participantSessionSchema = {
  tags: ['participants'],
  summary: 'Who is signed in by link in this browser, and for what',
  response: { 200: Type.Ref(ParticipantSessionSchema), ...errorResponses },
};

export const participantSignOutSchema = {
  tags: ['participants'],
  summary: 'End this browser’s participant session',
  response: { 204: Type.Null(), ...errorResponses },
};
