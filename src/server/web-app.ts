import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** The agent app, built by `vite build` (run by `npm install`) into web/dist. */
export const webDistRoot = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../web/dist',
);

/**
 * Customer text is untrusted; React renders it as text, and this policy is the second fence: no
 * inline or foreign script runs even if some markup slipped through.
 */
const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

export function webAppBuilt(): boolean {
  return fs.existsSync(path.join(webDistRoot, 'index.html'));
}

export async function registerWebApp(app: FastifyInstance): Promise<void> {
  if (!webAppBuilt()) {
    app.get('/', { config: { public: true }, schema: { hide: true } }, async (_request, reply) =>
      reply
        .type('text/plain; charset=utf-8')
        .send('The web app is not built yet: run `npm run build:web` (npm install does it).\n'),
    );
    return;
  }
  await app.register(async (scope) => {
    // The app's files are public: signing in happens inside the app.
    scope.addHook('onRoute', (route) => {
      route.config = { ...(route.config ?? {}), public: true };
    });
    await registerStaticFiles(scope);
  });
}

async function registerStaticFiles(app: FastifyInstance): Promise<void> {
  await app.register(fastifyStatic, {
    root: webDistRoot,
    prefix: '/',
    wildcard: false,
    // Source maps stay on the build machine: they would hand anyone the app's source.
    allowedPath: (pathName) => !pathName.endsWith('.map'),
    setHeaders(response, filePath) {
      if (filePath.endsWith('.html')) {
        response.setHeader('content-security-policy', contentSecurityPolicy);
        response.setHeader('cache-control', 'no-cache');
      } else if (filePath.includes(`${path.sep}assets${path.sep}`)) {
        // Vite puts a content hash in every asset name, so they never change.
        response.setHeader('cache-control', 'public, max-age=31536000, immutable');
      }
    },
  });
}

/**
 * Client-side routes (/conversations/12) get the app's index.html. API paths and anything that
 * looks like a file keep their 404, so a mistyped API call never answers with HTML.
 */
export function serveWebAppRoute(request: FastifyRequest, reply: FastifyReply): boolean {
  const pathname = request.url.split('?')[0] ?? '';
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  if (pathname.startsWith('/api/') || pathname === '/api' || path.extname(pathname) !== '') {
    return false;
  }
  if (!webAppBuilt()) return false;
  reply.header('content-security-policy', contentSecurityPolicy);
  reply.header('cache-control', 'no-cache');
  // Read per request: small, and a rebuild of the app is picked up without a restart.
  void reply
    .type('text/html; charset=utf-8')
    .send(fs.readFileSync(path.join(webDistRoot, 'index.html')));
  return true;
}
