import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import { Type } from '@sinclair/typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { registerAdminRoutes } from '../modules/admin/admin.routes.js';
import { registerAuthRoutes } from '../modules/auth/index.js';
import { registerChannelRoutes } from '../modules/channels/index.js';
import { registerContactRoutes } from '../modules/contacts/index.js';
import { registerConversationRoutes } from '../modules/conversations/index.js';
import { registerInboundRoutes } from '../modules/ingest/index.js';
import { InboundMessageSchema } from '../pipeline/index.js';
import type { AppContext } from '../platform/context.js';
import { registerAuthentication } from './authentication.js';
import { ErrorEnvelopeSchema, envelope, handleError } from './error-envelope.js';

const webRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/static');

/** Builds the HTTP app: plugins, authentication, the modules' routes, OpenAPI, the web assets. */
export async function buildApp(context: AppContext): Promise<FastifyInstance> {
  const app: FastifyInstance = Fastify({
    loggerInstance: context.logger as FastifyBaseLogger,
    bodyLimit: context.config.bodyLimitBytes,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true } },
  });
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((request, reply) =>
    reply
      .status(404)
      .send(envelope('not_found', `no route ${request.method} ${request.url.split('?')[0]}`)),
  );
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
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, index) => String(json.$id ?? `def-${index}`),
    },
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
  registerChannelRoutes(app, context);
  registerAdminRoutes(app, context);

  await app.register(fastifyStatic, { root: webRoot, prefix: '/', wildcard: false });
  return app;
}
