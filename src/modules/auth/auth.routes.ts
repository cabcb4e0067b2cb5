import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { knownBrowserCookieName, sessionCookieName } from '../../server/authentication.js';
import { principalOf } from '../../server/route-types.js';
import {
  presentAccessEnded,
  presentPrincipal,
  presentSession,
  presentToken,
  presentUser,
} from './auth.presenter.js';
import {
  authSchemas,
  createTokenSchema,
  createUserSchema,
  deactivateUserSchema,
  endUserSessionsSchema,
  listTokensSchema,
  listUserSessionsSchema,
  listUsersSchema,
  loginSchema,
  logoutSchema,
  reactivateUserSchema,
  revokeTokenSchema,
  sessionSchema,
} from './auth.schema.js';
import {
  createApiToken,
  createUser,
  listOrganisationTokens,
  logout,
  revokeToken,
} from './auth.service.js';
import { registerParticipantRoutes } from './participant.routes.js';
import { decoyPasswordHash, knownBrowserLifetimeMilliseconds, login } from './sign-in.service.js';
import {
  deactivateUser,
  endUserSessions,
  listUserSessions,
  reactivateUser,
} from './user-admin.service.js';
import { registerUserInvitationRoutes } from './user-invitation.routes.js';
import { listUsersForAdmin } from './user-invitation.service.js';

export function registerAuthRoutes(base: FastifyInstance, context: AppContext): void {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  for (const schema of authSchemas) app.addSchema(schema);
  // The first unknown e-mail must not pay for making the decoy hash: that would tell it apart.
  void decoyPasswordHash();
  registerUserInvitationRoutes(app, context);
  registerParticipantRoutes(app, context);

  app.post(
    '/api/v1/auth/login',
    { config: { public: true }, schema: loginSchema },
    async (request, reply) => {
      const result = await login(context, {
        email: request.body.email,
        password: request.body.password,
        address: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
        browserToken: request.cookies[knownBrowserCookieName],
      });
      reply.setCookie(sessionCookieName, result.sessionToken, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: context.config.secureCookies,
        expires: new Date(result.expiresAt),
      });
      // Only the sign-in route needs to see it.
      reply.setCookie(knownBrowserCookieName, result.browserToken, {
        path: '/api/v1/auth',
        httpOnly: true,
        sameSite: 'strict',
        secure: context.config.secureCookies,
        maxAge: knownBrowserLifetimeMilliseconds / 1000,
      });
      return presentPrincipal(result.principal);
    },
  );

  app.post(
    '/api/v1/auth/logout',
    { config: { permission: 'self' }, schema: logoutSchema },
    async (request, reply) => {
      await logout(context, principalOf(request));
      reply.clearCookie(sessionCookieName, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/auth/session',
    { config: { permission: 'self' }, schema: sessionSchema },
    async (request) => presentPrincipal(principalOf(request)),
  );

  app.get(
    '/api/v1/users',
    { config: { permission: 'admin' }, schema: listUsersSchema },
    async (request) => ({
      data: (await listUsersForAdmin(context, principalOf(request))).map(presentUser),
    }),
  );

  app.post(
    '/api/v1/users',
    { config: { permission: 'admin' }, schema: createUserSchema },
    async (request, reply) => {
      const principal = principalOf(request);
      const id = await createUser(context, principal.organisationId, request.body, principal);
      return reply.status(201).send({ id });
    },
  );

  app.post(
    '/api/v1/users/:id/deactivate',
    { config: { permission: 'admin' }, schema: deactivateUserSchema },
    async (request) =>
      presentAccessEnded(await deactivateUser(context, principalOf(request), request.params.id)),
  );

  app.post(
    '/api/v1/users/:id/reactivate',
    { config: { permission: 'admin' }, schema: reactivateUserSchema },
    async (request, reply) => {
      await reactivateUser(context, principalOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/users/:id/sessions',
    { config: { permission: 'admin' }, schema: listUserSessionsSchema },
    async (request) => {
      const principal = principalOf(request);
      const sessions = await listUserSessions(context, principal, request.params.id);
      return { data: sessions.map((session) => presentSession(session, principal.sessionId)) };
    },
  );

  app.delete(
    '/api/v1/users/:id/sessions',
    { config: { permission: 'admin' }, schema: endUserSessionsSchema },
    async (request) => ({
      sessions_ended: await endUserSessions(context, principalOf(request), request.params.id),
    }),
  );

  app.get(
    '/api/v1/tokens',
    { config: { permission: 'admin' }, schema: listTokensSchema },
    async (request) => ({
      data: (await listOrganisationTokens(context, principalOf(request))).map(presentToken),
    }),
  );

  app.post(
    '/api/v1/tokens',
    { config: { permission: 'admin' }, schema: createTokenSchema },
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
    { config: { permission: 'admin' }, schema: revokeTokenSchema },
    async (request, reply) => {
      await revokeToken(context, principalOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
