import fastifyCookie from '@fastify/cookie';
import fastifySwagger from '@fastify/swagger';
import { Type } from '@sinclair/typebox';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import { registerChannelAdminRoutes } from '../channels/channel-admin.routes.js';
import { registerAdminRoutes } from '../modules/admin/index.js';
import { registerAlertRoutes } from '../modules/alerts/index.js';
import { registerAuditRoutes } from '../modules/audit/index.js';
import { registerAuthRoutes } from '../modules/auth/index.js';
import { registerBypassRoutes } from '../modules/bypass/index.js';
import { registerCalendarRoutes } from '../modules/calendars/index.js';
import { registerCannedReplyRoutes } from '../modules/canned-replies/index.js';
import { registerChannelRoutes } from '../modules/channels/index.js';
import { registerClassificationRoutes } from '../modules/classification/index.js';
import { registerContactRoutes } from '../modules/contacts/index.js';
import { registerConversationRoutes } from '../modules/conversations/index.js';
import { InboundMessageSchema, registerInboundRoutes } from '../modules/ingest/index.js';
import { registerLabelRoutes } from '../modules/labels/index.js';
import { registerLedgerRoutes } from '../modules/ledger/index.js';
import { registerLiveRoutes } from '../modules/live/index.js';
import { registerOrganisationRoutes } from '../modules/organisations/index.js';
import { registerPeopleRoutes } from '../modules/people/index.js';
import { registerReplyRoutes } from '../modules/replies/index.js';
import { registerReportRoutes } from '../modules/reports/index.js';
import { registerRoutingRoutes } from '../modules/routing/index.js';
import { registerSlaRoutes } from '../modules/sla/index.js';
import { registerTeamRoutes } from '../modules/teams/index.js';
import { registerThemeRoutes } from '../modules/themes/index.js';
import { registerWebhookRoutes } from '../modules/webhooks/index.js';
import type { AppContext } from '../platform/context.js';
import { registerAuthentication } from './authentication.js';
import { ErrorEnvelopeSchema, envelope, handleError } from './error-envelope.js';
import { registerInputGuard, validatorOptions } from './input-guard.js';
import { shareErrorResponses } from './openapi-components.js';
import { registerSecurityHeaders } from './security-headers.js';
import { registerWebApp, serveWebAppRoute } from './web-app.js';

/** Builds the HTTP app: plugins, authentication, the modules' routes, OpenAPI, the web assets. */
export async function buildApp(context: AppContext): Promise<FastifyInstance> {
  const app: FastifyInstance = Fastify({
    loggerInstance: context.logger as FastifyBaseLogger,
    bodyLimit: context.config.bodyLimitBytes,
    // Only named proxies may say who the client is: the sign-in throttle counts per address.
    ...(context.config.trustedProxies ? { trustProxy: context.config.trustedProxies } : {}),
    ...validatorOptions(),
    // Errors the router raises before any route runs (bad URL encoding, an over-long path
    // parameter) get the same envelope as every other error.
    frameworkErrors: (error: Error, _request: FastifyRequest, reply: FastifyReply) => {
      void reply
        .code(400)
        .send(envelope('validation_failed', `the request URL is not valid: ${error.message}`));
    },
  });
  app.setErrorHandler(handleError);
  registerInputGuard(app);
  registerSecurityHeaders(app, context.config.secureCookies);
  app.setNotFoundHandler((request, reply) => {
    if (serveWebAppRoute(request, reply)) return reply;
    return reply
      .status(404)
      .send(envelope('not_found', `no route ${request.method} ${request.url.split('?')[0]}`));
  });
  app.addSchema(ErrorEnvelopeSchema);
  app.addSchema(InboundMessageSchema);
  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Hearken API',
        version: '1',
        description:
          'Authenticate with `Authorization: Bearer hk_...` (API tokens) or the session cookie set by ' +
          '`POST /api/v1/auth/login` (then send the returned csrf_token as `x-csrf-token` on writes). ' +
          'Errors have one shape: `{ "error": { "code", "message", "fields"? } }`.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'hearken_session' },
          participant: { type: 'apiKey', in: 'cookie', name: 'hearken_participant' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, index) => String(json.$id ?? `def-${index}`),
    },
    transformObject: (document) =>
      'openapiObject' in document
        ? shareErrorResponses(document.openapiObject)
        : document.swaggerObject,
  });
  registerAuthentication(app, context);

  app.get(
    '/healthz',
    {
      config: { public: true },
      schema: {
        hide: true,
        response: { 200: Type.Object({ status: Type.String(), database: Type.String() }) },
      },
    },
    async () => ({ status: 'ok', database: context.database.dialect }),
  );
  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () =>
    app.swagger(),
  );

  registerAuthRoutes(app, context);
  registerInboundRoutes(app, context);
  registerConversationRoutes(app, context);
  registerContactRoutes(app, context);
  registerTeamRoutes(app, context);
  registerChannelRoutes(app, context);
  registerChannelAdminRoutes(app, context);
  registerClassificationRoutes(app, context);
  registerAdminRoutes(app, context);
  registerAuditRoutes(app, context);
  registerOrganisationRoutes(app, context);
  registerReplyRoutes(app, context);
  registerLabelRoutes(app, context);
  registerCannedReplyRoutes(app, context);
  registerLiveRoutes(app, context);
  registerRoutingRoutes(app, context);
  registerCalendarRoutes(app, context);
  registerSlaRoutes(app, context);
  registerReportRoutes(app, context);
  registerBypassRoutes(app, context);
  registerThemeRoutes(app, context);
  registerAlertRoutes(app, context);
  registerLedgerRoutes(app, context);
  registerPeopleRoutes(app, context);
  registerWebhookRoutes(app, context);

  await registerWebApp(app);
  return app;
}
