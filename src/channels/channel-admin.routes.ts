import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import {
  channelHealthOf,
  channelQuarantineOf,
  disconnectChannelAccount,
  pauseChannelAccount,
  requestChannelFetch,
} from '../modules/channels/index.js';
import type { AppContext } from '../platform/context.js';
import { errorResponses, IdParams, principalOf } from '../server/route-types.js';
import { presentConnectedChannel, presentQuarantine } from './channel-admin.presenter.js';
import {
  ConnectEmailBody,
  ConnectedChannelListSchema,
  ConnectedChannelSchema,
  QuarantineListSchema,
} from './channel-admin.schema.js';
import { connectChannel, testChannel } from './channel-admin.service.js';

const failures = {
  ...errorResponses,
  409: errorResponses[400],
  422: errorResponses[400],
  503: errorResponses[400],
};

/** The admin's Channels screen: connect, test, fetch now, pause, resume, remove; health listed. */
export function registerChannelAdminRoutes(base: FastifyInstance, context: AppContext): void {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['channels'];

  app.get(
    '/api/v1/admin/channels',
    {
      config: { permission: 'admin' },
      schema: {
        tags,
        summary: "The organisation's channel accounts with their connection and health",
        response: { 200: ConnectedChannelListSchema, ...errorResponses },
      },
    },
    async (request) => ({
      data: (await channelHealthOf(context, principalOf(request))).map(presentConnectedChannel),
    }),
  );

  app.post(
    '/api/v1/admin/channels/email',
    {
      config: { permission: 'admin' },
      schema: {
        tags,
        summary: 'Connect a mailbox (IMAP in, SMTP out); tested before it is saved',
        description:
          'Passwords are sealed with HEARKEN_SECRET_KEY and never returned. 422 ' +
          '`channel_connection_failed` says what the server answered; 503 `secret_key_missing` ' +
          'when the key is not configured.',
        body: ConnectEmailBody,
        response: { 201: ConnectedChannelSchema, ...failures },
      },
    },
    async (request, reply) => {
      const { team_id: teamId, test, ...connection } = request.body;
      const account = await connectChannel(context, principalOf(request), 'email', connection, {
        test: test ?? true,
        ...(teamId !== undefined ? { teamId } : {}),
      });
      return reply.status(201).send(presentConnectedChannel(account));
    },
  );

  app.post(
    '/api/v1/admin/channels/:id/test',
    {
      config: { permission: 'admin' },
      schema: {
        tags,
        summary: 'Log in to the channel again with the stored connection',
        params: IdParams,
        response: { 204: Type.Null(), ...failures },
      },
    },
    async (request, reply) => {
      await testChannel(context, principalOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/admin/channels/:id/fetch',
    {
      config: { permission: 'admin' },
      schema: {
        tags,
        summary: 'Fetch now (the worker picks it up within a second)',
        params: IdParams,
        response: { 202: ConnectedChannelSchema, ...failures },
      },
    },
    async (request, reply) =>
      reply
        .status(202)
        .send(
          presentConnectedChannel(
            await requestChannelFetch(context, principalOf(request), request.params.id),
          ),
        ),
  );

  for (const [action, paused] of [
    ['pause', true],
    ['resume', false],
  ] as const) {
    app.post(
      `/api/v1/admin/channels/:id/${action}`,
      {
        config: { permission: 'admin' },
        schema: {
          tags,
          summary: paused
            ? 'Pause: no fetching, replies wait in the outbox'
            : 'Resume fetching and sending',
          params: IdParams,
          response: { 200: ConnectedChannelSchema, ...failures },
        },
      },
      async (request) =>
        presentConnectedChannel(
          await pauseChannelAccount(context, principalOf(request), request.params.id, paused),
        ),
    );
  }

  app.delete(
    '/api/v1/admin/channels/:id',
    {
      config: { permission: 'admin' },
      schema: {
        tags,
        summary: 'Remove the connection (the account and its conversations stay)',
        params: IdParams,
        response: { 204: Type.Null(), ...failures },
      },
    },
    async (request, reply) => {
      await disconnectChannelAccount(context, principalOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/admin/channels/:id/quarantine',
    {
      config: { permission: 'admin' },
      schema: {
        tags,
        summary: 'Inbound items that failed to be read (quarantined ones are skipped for good)',
        params: IdParams,
        response: { 200: QuarantineListSchema, ...errorResponses },
      },
    },
    async (request) =>
      presentQuarantine(
        await channelQuarantineOf(context, principalOf(request), request.params.id),
      ),
  );
}
