import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  authenticateApiToken,
  authenticateParticipantSession,
  authenticateSession,
  csrfMatches,
  type ParticipantPrincipal,
  type Permission,
  type Principal,
} from '../modules/auth/index.js';
import type { AppContext } from '../platform/context.js';
import { AppError } from '../platform/errors.js';

export const sessionCookieName = 'hearken_session';
/** Marks a browser that signed in before: it is exempt from its accounts' account-wide throttle. */
export const knownBrowserCookieName = 'hearken_browser';
/** A participant's session (a contact signed in by e-mailed link): never a staff session. */
export const participantCookieName = 'hearken_participant';

/**
 * Who a route is for: staff (users and API tokens, the default), participants only, or either
 * (staff need the route's permission; a participant's scope is checked by the route's service).
 */
export type RouteAudience = 'staff' | 'participant' | 'either';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Permission the route needs. Routes without one must say `public: true`. */
    permission?: Permission;
    public?: boolean;
    audience?: RouteAudience;
  }
  interface FastifyRequest {
    principal: Principal | null;
    /** Set only on routes whose audience admits participants. */
    participant: ParticipantPrincipal | null;
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
  app.decorateRequest('participant', null);

  app.addHook('onRoute', (route) => {
    const config = (route.config ?? {}) as RouteConfig;
    // The OpenAPI document says which operations need no credentials (`security: []`), so
    // clients and the fuzz suite know them without a list of their own.
    if (config.public && route.schema) route.schema = { ...route.schema, security: [] };
    // Routes for participants say so, so clients and the fuzz suite know staff are refused there.
    if (config.audience === 'participant' && route.schema) {
      route.schema = { ...route.schema, security: [{ participant: [] }] };
    }
    if (config.audience === 'either' && route.schema) {
      route.schema = {
        ...route.schema,
        security: [{ bearer: [] }, { session: [] }, { participant: [] }],
      };
    }
    if (config.audience === 'either' && !config.permission) {
      throw new Error(`route ${route.method} ${route.url} admits staff without a permission`);
    }
    const forParticipants = config.audience === 'participant';
    if (
      !config.permission &&
      !config.public &&
      !forParticipants &&
      !route.url.startsWith('/api/openapi')
    ) {
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
    const config = request.routeOptions.config as RouteConfig;
    const audience = config.audience ?? 'staff';
    if (audience !== 'staff') {
      const cookie = request.cookies?.[participantCookieName];
      request.participant = cookie ? await authenticateParticipantSession(context, cookie) : null;
    }
    if (audience === 'participant') {
      request.principal = null;
      const participant = request.participant;
      if (!participant) throw new AppError('unauthenticated', 'open the link you were sent');
      checkCsrf(request, participant.csrfToken);
      return;
    }
    request.principal = await identify(context, request);
    if (config.public) return;
    if (audience === 'either' && !request.principal && request.participant) {
      checkCsrf(request, request.participant.csrfToken);
      return;
    }
    // A staff caller on an `either` route is a staff caller: the participant cookie is ignored.
    request.participant = null;
    if (!config.permission) {
      if (request.routeOptions.url === undefined) return; // 404 handler
      throw new AppError('forbidden', 'this route is not open to anyone');
    }
    const principal = request.principal;
    if (!principal) throw new AppError('unauthenticated', 'sign in or send an API token');
    if (principal.csrfToken) checkCsrf(request, principal.csrfToken);
    if (!principal.permissions.has(config.permission)) {
      throw new AppError('forbidden', `this needs the ${config.permission} permission`);
    }
  });
}

interface RouteConfig {
  permission?: Permission;
  public?: boolean;
  audience?: RouteAudience;
}

/** Cookie sessions' writes must echo the session's CSRF token in `x-csrf-token`. */
function checkCsrf(request: FastifyRequest, expected: string): void {
  if (safeMethods.has(request.method)) return;
  const header = request.headers['x-csrf-token'];
  if (!csrfMatches(expected, typeof header === 'string' ? header : undefined)) {
    throw new AppError('csrf_failed', 'missing or wrong x-csrf-token header');
  }
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
