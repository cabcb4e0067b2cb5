import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { errorResponses, IdParams, principalOf, refTo } from '../../server/route-types.js';
import { presentChannelAccount, presentChannelAccountList } from './channel.presenter.js';
import {
  ChannelAccountListSchema,
  ChannelAccountSchema,
  CreateChannelAccountBody,
  channelSchemas,
  MoveChannelAccountBody,
} from './channel.schema.js';
import { channelAccountsOf, createChannelAccount, moveChannelAccount } from './channel.service.js';

export function registerChannelRoutes(base: FastifyInstance, context: AppContext): void {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  for (const schema of channelSchemas) app.addSchema(schema);

  app.get(
    '/api/v1/channel-accounts',
    {
      config: { permission: 'conversations:read' },
      schema: {
        tags: ['channels'],
        summary: "The organisation's handles and addresses on each channel",
        response: { 200: ChannelAccountListSchema, ...errorResponses },
      },
    },
    async (request) =>
      presentChannelAccountList(await channelAccountsOf(context, principalOf(request))),
  );

  app.post(
    '/api/v1/channel-accounts',
    {
      config: { permission: 'admin' },
      schema: {
        tags: ['channels'],
        summary: 'Add a channel account owned by a team',
        body: CreateChannelAccountBody,
        response: { 201: refTo(ChannelAccountSchema), ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(
        presentChannelAccount(
          await createChannelAccount(context, principalOf(request), {
            channel: request.body.channel,
            handle: request.body.handle,
            ...(request.body.name ? { name: request.body.name } : {}),
            teamId: request.body.team_id ?? null,
          }),
        ),
      ),
  );

  app.patch(
    '/api/v1/channel-accounts/:id',
    {
      config: { permission: 'admin' },
      schema: {
        tags: ['channels'],
        summary: 'Move a channel account to another team',
        params: IdParams,
        body: MoveChannelAccountBody,
        response: { 200: refTo(ChannelAccountSchema), ...errorResponses },
      },
    },
    async (request) =>
      presentChannelAccount(
        await moveChannelAccount(
          context,
          principalOf(request),
          request.params.id,
          request.body.team_id,
        ),
      ),
  );
}
