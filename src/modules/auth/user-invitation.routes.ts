import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { principalOf } from '../../server/route-types.js';
import { presentDeliveredLink } from './auth.presenter.js';
import { browserBinding as bindLinkToBrowser } from './link-binding.js';
import {
  changeUserSchema,
  inviteUserSchema,
  openLinkSchema,
  sendPasswordLinkSchema,
  setPasswordWithLinkSchema,
  unlockUserSchema,
} from './user-invitation.schema.js';
import {
  changeUser,
  inviteUser,
  openPasswordLink,
  sendPasswordLink,
  setPasswordWithLink,
  unlockUser,
} from './user-invitation.service.js';

const linkCookiePath = '/api/v1/auth/links';

const browserBinding = (context: AppContext, request: FastifyRequest, reply: FastifyReply) =>
  bindLinkToBrowser(context, request, reply, linkCookiePath);

export function registerUserInvitationRoutes(base: FastifyInstance, context: AppContext): void {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    '/api/v1/users/invitations',
    { config: { permission: 'admin' }, schema: inviteUserSchema },
    async (request, reply) => {
      const delivered = await inviteUser(context, principalOf(request), request.body);
      return reply.status(201).send(presentDeliveredLink(delivered));
    },
  );

  app.post(
    '/api/v1/users/:id/password-link',
    { config: { permission: 'admin' }, schema: sendPasswordLinkSchema },
    async (request) => {
      const sent = await sendPasswordLink(context, principalOf(request), request.params.id);
      return { ...presentDeliveredLink(sent), purpose: sent.purpose };
    },
  );

  app.patch(
    '/api/v1/users/:id',
    { config: { permission: 'admin' }, schema: changeUserSchema },
    async (request, reply) => {
      await changeUser(context, principalOf(request), request.params.id, request.body);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/users/:id/unlock',
    { config: { permission: 'admin' }, schema: unlockUserSchema },
    async (request, reply) => {
      await unlockUser(context, principalOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/auth/links/open',
    { config: { public: true }, schema: openLinkSchema },
    async (request, reply) => {
      const binding = browserBinding(context, request, reply);
      const link = await openPasswordLink(context, request.body.token, binding);
      return {
        purpose: link.purpose,
        email: link.email,
        name: link.name,
        expires_at: new Date(link.expiresAt).toISOString(),
      };
    },
  );

  app.post(
    '/api/v1/auth/links/password',
    { config: { public: true }, schema: setPasswordWithLinkSchema },
    async (request, reply) => {
      const binding = browserBinding(context, request, reply);
      return setPasswordWithLink(context, request.body.token, binding, request.body.password);
    },
  );
}
