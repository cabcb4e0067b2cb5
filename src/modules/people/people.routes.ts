import { randomBytes } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { withTransaction } from '../../platform/database/connection.js';
import { AppError } from '../../platform/errors.js';
import { escapeHtml, htmlDocument, parseFormBody } from '../../platform/html.js';
import { bindingOf, redeemOneTimeToken } from '../auth/index.js';
import { isConsentPurpose, withdrawConsent } from './consent.service.js';

const tags = ['people'];
const TokenQuery = Type.Object({ token: Type.Optional(Type.String({ maxLength: 200 })) });
const FormBody = Type.Object(
  {
    token: Type.Optional(Type.String({ maxLength: 200 })),
    'List-Unsubscribe': Type.Optional(Type.String({ maxLength: 50 })),
  },
  { additionalProperties: true },
);

function page(title: string, text: string, extra = ''): string {
  return htmlDocument({
    title,
    body: `<h1>${escapeHtml(title)}</h1>\n<p>${escapeHtml(text)}</p>\n${extra}`,
  });
}

/**
 * The one-click withdrawal behind every notice sent under a consent purpose (docs/engagement.md
 * §2): the link opens a page with one button (a GET changes nothing, so mail scanners that
 * follow links withdraw nobody); the button, or a mail client's RFC 8058 one-click POST, uses
 * the one-time link and withdraws the consent it names. No sign-in.
 */
export function registerPeopleRoutes(app: FastifyInstance, context: AppContext): void {
  void app.register(async (scope) => {
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 4096 },
      (_request, body, done) => done(null, parseFormBody(body as string)),
    );

    scope.get(
      '/api/v1/consents/withdraw',
      {
        config: { public: true },
        schema: {
          tags,
          summary: 'The page behind a withdrawal link: one button, no change yet',
          querystring: TokenQuery,
        },
      },
      async (request, reply) => {
        const token = (request.query as { token?: string }).token ?? '';
        reply.type('text/html; charset=utf-8');
        return page(
          'Stop these messages',
          'One click and we will not send you these messages again.',
          `<form method="post" action="/api/v1/consents/withdraw"><input type="hidden" name="token" value="${escapeHtml(token)}"><button type="submit">Stop these messages</button></form>`,
        );
      },
    );

    scope.post(
      '/api/v1/consents/withdraw',
      {
        config: { public: true },
        schema: {
          tags,
          summary: 'Withdraw the consent a one-time link names (the button, or RFC 8058 one-click)',
          querystring: TokenQuery,
          body: Type.Optional(FormBody),
        },
      },
      async (request, reply) => {
        const body = (request.body ?? {}) as { token?: string };
        const token = body.token || (request.query as { token?: string }).token || '';
        reply.type('text/html; charset=utf-8');
        try {
          await withTransaction(context.database, async (trx) => {
            const link = await redeemOneTimeToken(
              trx,
              token,
              ['consent_withdrawal'],
              bindingOf(randomBytes(16).toString('hex')),
            );
            const purpose = link.data.consentPurpose;
            if (
              link.subjectType !== 'contact' ||
              link.subjectId === null ||
              typeof purpose !== 'string' ||
              !isConsentPurpose(purpose)
            ) {
              throw new AppError('validation_failed', 'the link names no consent');
            }
            await withdrawConsent(trx, {
              organisationId: link.organisationId,
              contactId: link.subjectId,
              purpose,
              source: 'one_click_link',
              at: Date.now(),
            });
          });
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          reply.status(410);
          return page(
            'This link no longer works',
            'It was already used or has expired. If you still get messages you do not want, reply to one and ask us to stop.',
          );
        }
        return page('Done', 'You will not get these messages any more.');
      },
    );
  });
}
