import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { sessionCookieName } from '../../server/authentication.js';
import { errorResponses, IdParams, principalOf } from '../../server/route-types.js';
import { listApiTokens, listUsers } from './auth.repository.js';
import { createApiToken, createUser, login, logout, revokeToken } from './auth.service.js';
import { minimumPasswordLength } from './password.js';
import { roles, tokenScopes } from './permissions.js';

const SessionSchema = Type.Object({
  user: Type.Object({
    id: Type.Union([Type.Integer(), Type.Null()]),
    name: Type.String(),
    role: Type.Union([Type.String(), Type.Null()]),
    permissions: Type.Array(Type.String()),
  }),
  csrf_token: Type.Union([Type.String(), Type.Null()]),
});

const UserSchema = Type.Object({
  id: Type.Integer(),
  email: Type.String(),
  name: Type.String(),
  role: Type.String(),
  last_login_at: Type.Union([Type.String(), Type.Null()]),
});

const RoleSchema = Type.Union(roles.map((role) => Type.Literal(role)));
const ScopeSchema = Type.Union(tokenScopes.map((scope) => Type.Literal(scope)));

const isoOrNull = (value: number | null) => (value === null ? null : new Date(value).toISOString());

export function registerAuthRoutes(base: FastifyInstance, context: AppContext): void {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    '/api/v1/auth/login',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with e-mail and password; sets the session cookie',
        body: Type.Object(
          {
            email: Type.String({ minLength: 3, maxLength: 320 }),
            password: Type.String({ minLength: 1, maxLength: 1024 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: SessionSchema, ...errorResponses, 423: errorResponses[400] },
      },
    },
    async (request, reply) => {
      const result = await login(context, request.body.email, request.body.password);
      reply.setCookie(sessionCookieName, result.sessionToken, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: context.config.secureCookies,
        expires: new Date(result.expiresAt),
      });
      return {
        user: {
          id: result.principal.userId,
          name: result.principal.name,
          role: result.principal.role,
          permissions: [...result.principal.permissions],
        },
        csrf_token: result.csrfToken,
      };
    },
  );

  app.post(
    '/api/v1/auth/logout',
    {
      config: { permission: 'self' },
      schema: {
        tags: ['auth'],
        summary: 'Sign out',
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await logout(context, principalOf(request));
      reply.clearCookie(sessionCookieName, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/auth/session',
    {
      config: { permission: 'self' },
      schema: {
        tags: ['auth'],
        summary: 'Who is signed in, and the CSRF token for writes',
        response: { 200: SessionSchema, ...errorResponses },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      return {
        user: {
          id: principal.userId,
          name: principal.name,
          role: principal.role,
          permissions: [...principal.permissions],
        },
        csrf_token: principal.csrfToken,
      };
    },
  );

  app.get(
    '/api/v1/users',
    {
      config: { permission: 'admin' },
      schema: {
        tags: ['admin'],
        summary: 'Users',
        response: { 200: Type.Object({ data: Type.Array(UserSchema) }), ...errorResponses },
      },
    },
    async (request) => {
      const users = await listUsers(context.database.db, principalOf(request).organisationId);
      return {
        data: users.map((user) => ({
          id: user.id,
          email: user.email,
          name: user.name,
          role: user.role,
          last_login_at: isoOrNull(user.last_login_at),
        })),
      };
    },
  );

  app.post(
    '/api/v1/users',
    {
      config: { permission: 'admin' },
      schema: {
        tags: ['admin'],
        summary: 'Create a user',
        body: Type.Object(
          {
            email: Type.String({ format: 'email', maxLength: 320 }),
            name: Type.String({ minLength: 1, maxLength: 200 }),
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
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const id = await createUser(context, principal.organisationId, request.body, principal);
      return reply.status(201).send({ id });
    },
  );

  app.get(
    '/api/v1/tokens',
    {
      config: { permission: 'admin' },
      schema: {
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
                last_used_at: Type.Union([Type.String(), Type.Null()]),
                revoked_at: Type.Union([Type.String(), Type.Null()]),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const tokens = await listApiTokens(context.database.db, principalOf(request).organisationId);
      return {
        data: tokens.map((token) => ({
          id: token.id,
          name: token.name,
          prefix: token.token_prefix,
          scopes: JSON.parse(token.scopes) as string[],
          created_at: new Date(token.created_at).toISOString(),
          last_used_at: isoOrNull(token.last_used_at),
          revoked_at: isoOrNull(token.revoked_at),
        })),
      };
    },
  );

  app.post(
    '/api/v1/tokens',
    {
      config: { permission: 'admin' },
      schema: {
        tags: ['admin'],
        summary: 'Create an API token; the secret is in this response only',
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 200 }),
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
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const created = await createApiToken(
        context,
        principal.organisationId,
        request.body,
        principal,
      );
      return reply.status(201).send(created);
    },
  );

  app.delete(
    '/api/v1/tokens/:id',
    {
      config: { permission: 'admin' },
      schema: {
        tags: ['admin'],
        summary: 'Revoke an API token',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await revokeToken(context, principalOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
