import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { randomToken } from './credentials.js';
import { bindingOf } from './one-time-token.service.js';

/** The browser's binding for one-time links: a random value it keeps, sent only to link routes. */
const linkCookieName = 'hearken_link';

/**
 * The binding of the browser calling a link route (path: the routes that may see the cookie).
 * A browser without one gets a new random value, so the first browser to open a link owns it.
 */
export function browserBinding(
  context: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  path: string,
): string {
  let value = request.cookies[linkCookieName];
  if (!value || value.length > 100) {
    value = randomToken();
    reply.setCookie(linkCookieName, value, {
      path,
      httpOnly: true,
      sameSite: 'strict',
      secure: context.config.secureCookies,
      maxAge: 30 * 24 * 3600,
    });
  }
  return bindingOf(value);
}
