import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { escapeHtml, htmlDocument, parseFormBody } from '../../platform/html.js';
import { ensureOrganisation } from '../organisations/index.js';
import { answerCheckBack } from './loop.service.js';
import {
  checkBackFormHtml,
  publicSteps,
  youSaidWeDidAtom,
  youSaidWeDidHtml,
} from './loop-public.service.js';

const tags = ['ledger'];
const CheckBackQuery = Type.Object({
  token: Type.Optional(Type.String({ maxLength: 200 })),
  answer: Type.Optional(Type.String({ maxLength: 10 })),
});
const CheckBackForm = Type.Object(
  {
    token: Type.Optional(Type.String({ maxLength: 200 })),
    answer: Type.Optional(Type.String({ maxLength: 10 })),
    comment: Type.Optional(Type.String({ maxLength: 4000 })),
    believes_influence: Type.Optional(Type.String({ maxLength: 10 })),
  },
  { additionalProperties: false },
);

/**
 * The loop's public pages: the check-back link's page (GET shows the answer chosen in the mail,
 * POST records it; a GET never records, so a mail scanner answers for nobody) and "you said, we
 * did" with its Atom feed. Server-rendered, no JavaScript, no sign-in.
 */
export function registerLoopPublicRoutes(app: FastifyInstance, context: AppContext): void {
  // One organisation per instance (the first one): the public pages are its pages.
  const organisationId = () => ensureOrganisation(context);
  void app.register(async (scope) => {
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 16_384 },
      (_request, body, done) => done(null, parseFormBody(body as string)),
    );

    scope.get(
      '/api/v1/loop/check-back',
      {
        config: { public: true },
        // An HTML page behind an e-mailed link, not an API operation.
        schema: {
          hide: true,
          tags,
          summary: 'The page behind a check-back link',
          querystring: CheckBackQuery,
        },
      },
      async (request, reply) => {
        const query = request.query as { token?: string; answer?: string };
        reply.type('text/html; charset=utf-8');
        return checkBackFormHtml({ token: query.token ?? '', answer: query.answer ?? '' });
      },
    );

    scope.post(
      '/api/v1/loop/check-back',
      {
        config: { public: true },
        schema: { hide: true, tags, summary: 'Record a check-back answer', body: CheckBackForm },
      },
      async (request, reply) => {
        const body = request.body as {
          token?: string;
          answer?: string;
          comment?: string;
          believes_influence?: string;
        };
        reply.type('text/html; charset=utf-8');
        try {
          await answerCheckBack(context, {
            token: body.token ?? '',
            answer: body.answer ?? '',
            ...(body.comment ? { comment: body.comment } : {}),
            ...(body.believes_influence ? { believesInfluence: body.believes_influence } : {}),
          });
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          reply.status(error.code === 'validation_failed' ? 400 : 410);
          return htmlDocument({
            title: 'Not recorded',
            body: `<h1>Not recorded</h1><p>${escapeHtml(error.message)}</p>`,
          });
        }
        return htmlDocument({
          title: 'Thank you',
          body: '<h1>Thank you</h1><p>Your answer is recorded; the team that made the change sees it.</p>',
        });
      },
    );

    scope.get(
      '/you-said-we-did',
      { config: { public: true }, schema: { hide: true } },
      async (_request, reply) => {
        reply.type('text/html; charset=utf-8');
        return youSaidWeDidHtml(await publicSteps(context, await organisationId()));
      },
    );

    scope.get(
      '/you-said-we-did/feed.atom',
      { config: { public: true }, schema: { hide: true } },
      async (_request, reply) => {
        reply.type('application/atom+xml; charset=utf-8');
        return youSaidWeDidAtom(context, await publicSteps(context, await organisationId()));
      },
    );
  });
}
