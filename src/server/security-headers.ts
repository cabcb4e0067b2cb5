import type { FastifyInstance } from 'fastify';

/**
 * Headers every response carries (API, web app and errors alike): no MIME sniffing, no referrer
 * leaking conversation URLs to other sites, no framing, no powerful browser features; HSTS once
 * the deployment says it is behind HTTPS (`HEARKEN_SECURE_COOKIES`). The web app's pages add
 * their content security policy (web-app.ts).
 */
const always: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
};

export function registerSecurityHeaders(app: FastifyInstance, behindHttps: boolean): void {
  app.addHook('onSend', async (_request, reply, payload) => {
    for (const [name, value] of Object.entries(always)) {
      if (!reply.hasHeader(name)) reply.header(name, value);
    }
    if (behindHttps) reply.header('strict-transport-security', 'max-age=31536000');
    return payload;
  });
}
