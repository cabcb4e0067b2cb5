import { Type } from '@sinclair/typebox';
import { errorResponses, IdParams } from '../../server/route-types.js';
import { Nullable, plainText, RoleSchema } from './auth.schema.js';
import { minimumPasswordLength } from './password.js';

/** Schemas of invitations, password links, user changes and unlocking. */

const conflict = errorResponses[400];

const DeliveredLinkSchema = Type.Object({
  id: Type.Integer({ description: 'The user' }),
  emailed: Type.Boolean({ description: 'The link went out by e-mail (and is not shown here)' }),
  link: Nullable(
    Type.String({
      description: 'The one-time link, when it was not e-mailed: shown this once, never again',
    }),
  ),
  expires_at: Type.String(),
  mail_error: Nullable(Type.String({ description: 'Why the e-mail failed, when it did' })),
});

export const inviteUserSchema = {
  tags: ['admin'],
  summary: 'Invite a user: a one-time link to set a password, e-mailed or shown once',
  description:
    'Without HEARKEN_SMTP_URL, or when sending fails, the link is in this response only. The link ' +
    'expires after HEARKEN_INVITATION_LIFETIME_HOURS, works once, and only in the browser that ' +
    'opens it first.',
  body: Type.Object(
    {
      email: Type.String({ format: 'email', maxLength: 320, pattern: plainText }),
      name: Type.String({ minLength: 1, maxLength: 200, pattern: plainText }),
      role: RoleSchema,
    },
    { additionalProperties: false },
  ),
  response: { 201: DeliveredLinkSchema, ...errorResponses, 409: conflict },
};

export const sendPasswordLinkSchema = {
  tags: ['admin'],
  summary: 'Send a user a new one-time link to set their password',
  description:
    'An invitation again for a user who never signed in, a password reset otherwise; earlier ' +
    'unused links of the user stop working. Their sessions and API tokens end when they use it.',
  params: IdParams,
  response: {
    200: Type.Intersect([
      DeliveredLinkSchema,
      Type.Object({
        purpose: Type.Union([Type.Literal('invitation'), Type.Literal('password_reset')]),
      }),
    ]),
    ...errorResponses,
    409: conflict,
  },
};

export const changeUserSchema = {
  tags: ['admin'],
  summary: 'Rename a user or change their role (the last active admin stays admin: 409)',
  params: IdParams,
  body: Type.Object(
    {
      name: Type.Optional(Type.String({ minLength: 1, maxLength: 200, pattern: plainText })),
      role: Type.Optional(RoleSchema),
    },
    { additionalProperties: false, minProperties: 1 },
  ),
  response: { 204: Type.Null(), ...errorResponses, 409: conflict },
};

export const unlockUserSchema = {
  tags: ['admin'],
  summary: "Lift the sign-in throttle's blocks on a user's account",
  params: IdParams,
  response: { 204: Type.Null(), ...errorResponses },
};

const TokenBody = {
  token: Type.String({ minLength: 16, maxLength: 200, pattern: '^[A-Za-z0-9_-]+$' }),
};

export const openLinkSchema = {
  tags: ['auth'],
  summary: 'Open a one-time password link: what it is for; binds it to this browser',
  body: Type.Object(TokenBody, { additionalProperties: false }),
  response: {
    200: Type.Object({
      purpose: Type.String(),
      email: Type.String(),
      name: Type.String(),
      expires_at: Type.String(),
    }),
    ...errorResponses,
    409: conflict,
    410: conflict,
  },
};

export const setPasswordWithLinkSchema = {
  tags: ['auth'],
  summary: 'Set a password with a one-time link (then sign in with it)',
  body: Type.Object(
    {
      ...TokenBody,
      password: Type.String({ minLength: minimumPasswordLength, maxLength: 1024 }),
    },
    { additionalProperties: false },
  ),
  response: {
    200: Type.Object({ email: Type.String() }),
    ...errorResponses,
    409: conflict,
    410: conflict,
  },
};
