import { Type } from '@sinclair/typebox';
import { errorResponses, IdParams, refTo } from '../../server/route-types.js';
import { minimumPasswordLength } from './password.js';
import { roles, tokenScopes } from './permissions.js';

/** The request and response schemas of the auth module's routes (and so of its OpenAPI part). */

// NUL and other control characters never belong in these fields, and PostgreSQL refuses NUL
// in text: reject them as a 400 here instead of a 500 from the database.
export const plainText = '^[^\\u0000-\\u001f\\u007f]*$';

export const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) =>
  Type.Union([schema, Type.Null()]);

export const SessionSchema = Type.Object(
  {
    user: Type.Object({
      id: Type.Union([Type.Integer(), Type.Null()]),
      name: Type.String(),
      role: Type.Union([Type.String(), Type.Null()]),
      permissions: Type.Array(Type.String()),
    }),
    csrf_token: Nullable(Type.String()),
  },
  { $id: 'Session' },
);

export const UserSchema = Type.Object({
  id: Type.Integer(),
  email: Type.String(),
  name: Type.String(),
  role: Type.String(),
  active: Type.Boolean(),
  deactivated_at: Nullable(Type.String()),
  last_login_at: Nullable(Type.String()),
  invitation_pending: Type.Boolean({ description: 'Invited, and the link is still unused' }),
  locked_until: Nullable(
    Type.String({ description: 'Until when the sign-in throttle holds the account back' }),
  ),
});

export const RoleSchema = Type.Union(roles.map((role) => Type.Literal(role)));
const ScopeSchema = Type.Union(tokenScopes.map((scope) => Type.Literal(scope)));

export const loginSchema = {
  tags: ['auth'],
  summary: 'Sign in with e-mail and password; sets the session cookie',
  description:
    'Every refusal (unknown e-mail, wrong password, deactivated user, too many attempts) answers ' +
    'the same 401 `invalid_credentials` in the same time. After repeated failures from one ' +
    'address, or to one account from browsers that never signed in to it, attempts are refused ' +
    'for a delay that doubles with each failure; a browser that signed in before (it holds the ' +
    '`hearken_browser` cookie) is only held back by its own failures.',
  body: Type.Object(
    {
      email: Type.String({ minLength: 3, maxLength: 320, pattern: plainText }),
      password: Type.String({ minLength: 1, maxLength: 1024 }),
    },
    { additionalProperties: false },
  ),
  response: { 200: refTo(SessionSchema), ...errorResponses },
};

export const logoutSchema = {
  tags: ['auth'],
  summary: 'Sign out',
  response: { 204: Type.Null(), ...errorResponses },
};

export const sessionSchema = {
  tags: ['auth'],
  summary: 'Who is signed in, and the CSRF token for writes',
  response: { 200: refTo(SessionSchema), ...errorResponses },
};

export const listUsersSchema = {
  tags: ['admin'],
  summary: 'Users',
  response: { 200: Type.Object({ data: Type.Array(UserSchema) }), ...errorResponses },
};

export const createUserSchema = {
  tags: ['admin'],
  summary: 'Create a user',
  body: Type.Object(
    {
      email: Type.String({ format: 'email', maxLength: 320, pattern: plainText }),
      name: Type.String({ minLength: 1, maxLength: 200, pattern: plainText }),
      role: RoleSchema,
      password: Type.String({ minLength: minimumPasswordLength, maxLength: 1024 }),
    },
    { additionalProperties: false },
  ),
  response: {
    201: Type.Object({ id: Type.Integer() }),
    ...errorResponses,
    409: errorResponses[400],
  },
};

const AccessEndedSchema = Type.Object({
  sessions_ended: Type.Integer(),
  tokens_revoked: Type.Integer({ description: 'API tokens this user created, now revoked' }),
});

export const deactivateUserSchema = {
  tags: ['admin'],
  summary: 'Deactivate a user: no more sign-ins; their sessions end and their API tokens stop',
  description: 'The last active admin cannot be deactivated (409).',
  params: IdParams,
  response: { 200: AccessEndedSchema, ...errorResponses, 409: errorResponses[400] },
};

export const reactivateUserSchema = {
  tags: ['admin'],
  summary: 'Let a deactivated user sign in again',
  params: IdParams,
  response: { 204: Type.Null(), ...errorResponses, 409: errorResponses[400] },
};

export const listUserSessionsSchema = {
  tags: ['admin'],
  summary: "A user's active sessions",
  params: IdParams,
  response: {
    200: Type.Object({
      data: Type.Array(
        Type.Object({
          created_at: Type.String(),
          last_seen_at: Type.String({ description: 'Updated at most once a minute' }),
          expires_at: Type.String(),
          user_agent: Nullable(Type.String()),
          ip_address: Nullable(Type.String()),
          current: Type.Boolean({ description: 'The session making this request' }),
        }),
      ),
    }),
    ...errorResponses,
  },
};

export const endUserSessionsSchema = {
  tags: ['admin'],
  summary: 'Sign a user out everywhere',
  params: IdParams,
  response: { 200: Type.Object({ sessions_ended: Type.Integer() }), ...errorResponses },
};

export const listTokensSchema = {
  tags: ['admin'],
  summary: 'API tokens (their secrets are never shown again)',
  response: {
    200: Type.Object({
      data: Type.Array(
        Type.Object({
          id: Type.Integer(),
          name: Type.String(),
          prefix: Type.String(),
          scopes: Type.Array(Type.String()),
          created_at: Type.String(),
          last_used_at: Nullable(Type.String()),
          revoked_at: Nullable(Type.String()),
        }),
      ),
    }),
    ...errorResponses,
  },
};

export const createTokenSchema = {
  tags: ['admin'],
  summary: 'Create an API token; the secret is in this response only',
  body: Type.Object(
    {
      name: Type.String({ minLength: 1, maxLength: 200, pattern: plainText }),
      scopes: Type.Array(ScopeSchema, { minItems: 1, uniqueItems: true }),
    },
    { additionalProperties: false },
  ),
  response: {
    201: Type.Object({
      id: Type.Integer(),
      token: Type.String(),
      name: Type.String(),
      scopes: Type.Array(Type.String()),
    }),
    ...errorResponses,
  },
};

export const revokeTokenSchema = {
  tags: ['admin'],
  summary: 'Revoke an API token',
  params: IdParams,
  response: { 204: Type.Null(), ...errorResponses },
};

/** Shapes that several routes share, registered once (`refTo` points at them). */
export const authSchemas = [SessionSchema];
