import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  authenticateApiToken,
  authenticateSession,
  csrfMatches,
  type Permission,
  type Principal,
} from '../modules/auth/index.js';
import type { AppContext } from '../platform/context.js';
import { AppError } from '../platform/errors.js';

export const sessionCookieName = 'hearken_session';
/** Marks a browser that signed in before: it is exempt from its accounts' account-wide throttle. */
export const knownBrowserCookieName = 'hearken_browser';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Permission the route needs. Routes without one must say `public: true`. */
    permission?: Permission;
    public?: boolean;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Secure by default: every route either declares the permission it needs or says it is public;
 * a route that does neither answers 403. API tokens come as `Authorization: Bearer hk_...`;
 * browsers use the HTTP-only session cookie, and their writes must carry the session's CSRF token
 * in `x-csrf-token`. All of it is checked before the body is parsed or validated.
 */
export function registerAuthentication(app: FastifyInstance, context: AppContext): void {
  app.decorateRequest('principal', null);

  app.addHook('onRoute', (route) => {
    const config = (route.config ?? {}) as { permission?: Permission; public?: boolean };
    // The OpenAPI document says which operations need no credentials (`security: []`), so
    // clients and the fuzz suite know them without a list of their own.
    if (config.public && route.schema) route.schema = { ...route.schema, security: [] };
    if (!config.permission && !config.public && !route.url.startsWith('/api/openapi')) {
      // Fail at boot rather than ship an unprotected route.
      if (route.url.startsWith('/api/')) {
        throw new Error(
          `route ${route.method} ${route.url} declares neither a permission nor public`,
        );
      }
    }
  });

  // onRequest: a caller is identified and authorised before the body is parsed or validated, so
  // an unauthenticated caller learns nothing of a route's schema.
  app.addHook('onRequest', async (request) => {
    const config = request.routeOptions.config as { permission?: Permission; public?: boolean };
    request.principal = await identify(context, request);
    if (config.public) return;
    if (!config.permission) {
      if (request.routeOptions.url === undefined) return; // 404 handler
      throw new AppError('forbidden', 'this route is not open to anyone');
    }
    const principal = request.principal;
    if (!principal) throw new AppError('unauthenticated', 'sign in or send an API token');
    if (principal.csrfToken && !safeMethods.has(request.method)) {
      const header = request.headers['x-csrf-token'];
      if (!csrfMatches(principal.csrfToken, typeof header === 'string' ? header : undefined)) {
        throw new AppError('csrf_failed', 'missing or wrong x-csrf-token header');
      }
    }
    if (!principal.permissions.has(config.permission)) {
      throw new AppError('forbidden', `this needs the ${config.permission} permission`);
    }
  });
}

async function identify(context: AppContext, request: FastifyRequest): Promise<Principal | null> {
  const authorization = request.headers.authorization;
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match) throw new AppError('unauthenticated', 'Authorization must be "Bearer <token>"');
    const principal = await authenticateApiToken(context, match[1] as string);
    if (!principal) throw new AppError('unauthenticated', 'unknown or revoked API token');
    return principal;
  }
  const cookie = request.cookies?.[sessionCookieName];
  if (cookie) return authenticateSession(context, cookie);
  return null;
}
