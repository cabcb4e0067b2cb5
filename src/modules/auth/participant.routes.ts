import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { participantCookieName } from '../../server/authentication.js';
import { requireParticipant } from '../../server/route-types.js';
import { browserBinding } from './link-binding.js';
import {
  ParticipantSessionSchema,
  participantSessionSchema,
  participantSignOutSchema,
  redeemParticipantLinkSchema,
} from './participant.schema.js';
import {
  endParticipantSession,
  type ParticipantPrincipal,
  signInWithParticipantLink,
} from './participant-session.service.js';

const linkCookiePath = '/api/v1/participant/links';

const presentParticipant = (participant: ParticipantPrincipal) => ({
  contact_id: participant.contactId,
  name: participant.name,
  scope: participant.scope,
  csrf_token: participant.csrfToken,
});

/** Sign-in by e-mailed link for customers, partners and panel members (no password). */
export function registerParticipantRoutes(base: FastifyInstance, context: AppContext): void {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  app.addSchema(ParticipantSessionSchema);

  app.post(
    '/api/v1/participant/links/redeem',
    { config: { public: true }, schema: redeemParticipantLinkSchema },
    async (request, reply) => {
      const opened = await signInWithParticipantLink(context, {
        token: request.body.token,
        binding: browserBinding(context, request, reply, linkCookiePath),
        userAgent: request.headers['user-agent'] ?? null,
        ipAddress: request.ip,
      });
      reply.setCookie(participantCookieName, opened.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: context.config.secureCookies,
        expires: new Date(opened.expiresAt),
      });
      return presentParticipant(opened.principal);
    },
  );

  app.get(
    '/api/v1/participant/session',
    { config: { audience: 'participant' }, schema: participantSessionSchema },
    async (request) => presentParticipant(requireParticipant(request)),
  );

  app.post(
    '/api/v1/participant/sign-out',
    { config: { audience: 'participant' }, schema: participantSignOutSchema },
    async (request, reply) => {
      await endParticipantSession(context, requireParticipant(request));
      reply.clearCookie(participantCookieName, { path: '/' });
      return reply.status(204).send(null);
    },
  );
}
