import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { portalUrl } from '../../platform/config.js';
import type { AppContext } from '../../platform/context.js';
import { AppError, errorStatusOf } from '../../platform/errors.js';
import { parseFormBody } from '../../platform/html.js';
import { authenticateParticipantSession } from '../auth/index.js';
import { ensureOrganisation, settingsOfOrganisation } from '../organisations/index.js';
import { escapeHtml, type Html, html } from './html.js';
import {
  checkForm,
  type PortalFrame,
  type PortalSection,
  type PortalViewer,
} from './portal-frame.js';
import { layout } from './portal-layout.js';
import { registerSignInPages } from './portal-sign-in.pages.js';
import { portalStylesheet } from './portal-style.js';

/** The participant session's cookie (set by the link redemption route of the auth module). */
const participantCookieName = 'hearken_participant';

/**
 * The portal's policy: nothing runs but our own files (and the pages carry no script today),
 * styles only from our stylesheets (the brand colour is a stylesheet too), images from our origin
 * and https (the organisation's logo), forms only back to us.
 */
const contentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' https:",
  "connect-src 'self'",
  "font-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

/** Registers the portal under /portal and the sections that plug into it. */
export function registerPortalRoutes(
  app: FastifyInstance,
  context: AppContext,
  sections: readonly PortalSection[],
): void {
  const base = portalUrl(context.config);
  const frame: PortalFrame = {
    context,
    async organisation() {
      const id = await ensureOrganisation(context);
      return { id, ...(await settingsOfOrganisation(context, id)) };
    },
    async viewerOf(request) {
      const organisation = await frame.organisation();
      const principal = request.principal;
      if (
        principal?.kind === 'user' &&
        principal.userId !== null &&
        principal.csrfToken &&
        principal.organisationId === organisation.id
      ) {
        return {
          kind: 'staff',
          organisationId: organisation.id,
          userId: principal.userId,
          name: principal.name,
          csrfToken: principal.csrfToken,
          principal,
        };
      }
      const cookie = request.cookies?.[participantCookieName];
      if (cookie) {
        const participant = await authenticateParticipantSession(context, cookie);
        if (
          participant &&
          participant.scope === 'portal' &&
          participant.organisationId === organisation.id
        ) {
          return {
            kind: 'participant',
            organisationId: organisation.id,
            contactId: participant.contactId,
            name: participant.name,
            csrfToken: participant.csrfToken,
          };
        }
      }
      return { kind: 'anonymous', organisationId: organisation.id };
    },
    async page(reply, viewer, spec, status = 200) {
      const organisation = await frame.organisation();
      const label =
        viewer.kind === 'staff'
          ? `${viewer.name} (staff)`
          : viewer.kind === 'participant'
            ? (viewer.name ?? 'Signed in')
            : null;
      void reply
        .code(status)
        .type('text/html; charset=utf-8')
        .header('cache-control', viewer.kind === 'anonymous' ? 'no-cache' : 'private, no-store')
        .send(layout(organisation, base, { label, signedIn: viewer.kind !== 'anonymous' }, spec));
    },
    formOf(request, viewer) {
      return checkForm(request.body, viewer);
    },
    csrfField(viewer: PortalViewer): Html {
      return viewer.kind === 'anonymous'
        ? html``
        : html`<input type="hidden" name="_csrf" value="${viewer.csrfToken}">`;
    },
    url(path) {
      return `${base}${path}`;
    },
  };

  void app.register(
    async (scope) => {
      // Portal pages are public; each page decides what its viewer may see or do.
      // They are HTML pages, not API operations: kept out of the API document (and so out of
      // the API's contract and fuzzing; portal tests cover them with hostile input).
      scope.addHook('onRoute', (route) => {
        route.config = { ...(route.config ?? {}), public: true };
        route.schema = { ...(route.schema ?? {}), hide: true };
      });
      scope.addHook('onSend', async (_request, reply, payload) => {
        reply.header('content-security-policy', contentSecurityPolicy);
        return payload;
      });
      scope.addContentTypeParser(
        'application/x-www-form-urlencoded',
        { parseAs: 'string', bodyLimit: 256 * 1024 },
        (_request, body, done) => done(null, parseFormBody(body as string)),
      );
      scope.setErrorHandler(async (error: FastifyError, request, reply) =>
        errorPage(frame, error, request, reply),
      );
      scope.setNotFoundHandler(async (request, reply) =>
        errorPage(frame, new AppError('not_found', 'no such page'), request, reply),
      );

      scope.get('/portal.css', { schema: { hide: true } }, async (_request, reply) =>
        reply
          .type('text/css; charset=utf-8')
          .header('cache-control', 'public, max-age=3600')
          .send(portalStylesheet),
      );
      scope.get('/brand.css', { schema: { hide: true } }, async (_request, reply) => {
        const organisation = await frame.organisation();
        // Validated as #rrggbb when saved; checked again since it lands in CSS.
        const colour = /^#[0-9a-fA-F]{6}$/.test(organisation.brand_colour)
          ? organisation.brand_colour
          : '#1f5fa8';
        return reply
          .type('text/css; charset=utf-8')
          .header('cache-control', 'no-cache')
          .send(`:root { --brand: ${colour}; }\n`);
      });

      scope.get('/', { schema: { hide: true } }, async (request, reply) => {
        const viewer = await frame.viewerOf(request);
        const organisation = await frame.organisation();
        const blocks: Html[] = [];
        for (const section of sections) {
          if (section.home) blocks.push(await section.home(frame, viewer));
        }
        await frame.page(reply, viewer, {
          title: '',
          description: `The ${organisation.name} community: questions, answers, ideas and news.`,
          path: '',
          body: html`<h1>${organisation.name}</h1>${blocks}`,
        });
      });

      scope.get('/sitemap.xml', { schema: { hide: true } }, async (_request, reply) => {
        const organisation = await frame.organisation();
        const entries = [{ path: '', lastModified: null as number | null }];
        for (const section of sections) {
          entries.push(...(await section.sitemap(frame, organisation.id)));
        }
        const urls = entries
          .map(
            (entry) =>
              `<url><loc>${escapeHtml(frame.url(entry.path))}</loc>${
                entry.lastModified === null
                  ? ''
                  : `<lastmod>${new Date(entry.lastModified).toISOString()}</lastmod>`
              }</url>`,
          )
          .join('\n');
        return reply
          .type('application/xml; charset=utf-8')
          .send(
            `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls}\n</urlset>\n`,
          );
      });

      registerSignInPages(scope, frame);
      for (const section of sections) section.register(scope, frame);
    },
    { prefix: '/portal' },
  );
}

async function errorPage(
  frame: PortalFrame,
  error: FastifyError | AppError,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<void> {
  let status: number;
  if (error instanceof AppError) status = errorStatusOf(error.code);
  else if ((error as FastifyError).validation) status = 400;
  else status = (error as FastifyError).statusCode ?? 500;
  if (status >= 500) request.log.error({ err: error }, 'portal page failed');
  const message =
    status === 404
      ? 'This page does not exist, or you cannot see it.'
      : status === 401
        ? 'Sign in to do this.'
        : status >= 500
          ? 'Something went wrong on our side. Please try again.'
          : error.message;
  const viewer = await frame.viewerOf(request).catch(() => null);
  await frame.page(
    reply,
    viewer ?? { kind: 'anonymous', organisationId: 0 },
    {
      title: status === 404 ? 'Not found' : 'Sorry',
      description: message,
      path: request.url.split('?')[0]?.replace(/^\/portal/, '') ?? '',
      body: html`<h1>${status === 404 ? 'Not found' : 'Sorry'}</h1><p>${message}</p>`,
      noIndex: true,
    },
    status,
  );
}
