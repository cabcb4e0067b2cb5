import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';
import { errorResponses, IdParams, principalOf } from '../../server/route-types.js';
import { listUsers } from '../auth/index.js';
import { findConversation } from '../conversations/index.js';
import { type ClientEvent, LiveEventSchema, ViewerListSchema } from './live.schema.js';
import { startLiveUpdates } from './live-updates.js';

/** A heartbeat keeps a viewer listed this long; the web app beats every 10 seconds. */
export const presenceTtlMilliseconds = 30_000;
const keepAliveMilliseconds = 15_000;

export function registerLiveRoutes(base: FastifyInstance, context: AppContext): void {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  const live = startLiveUpdates(app, context);
  app.addSchema(LiveEventSchema);

  app.get(
    '/api/v1/live',
    {
      config: { permission: 'conversations:read' },
      schema: {
        tags: ['live'],
        summary: "Server-Sent Events: the organisation's new messages, changes and presence",
        description:
          'Each event is a `data:` line holding JSON with a `type`: message.created, note.created, ' +
          'conversation.created, conversation.updated, conversation.merged, presence, ready. ' +
          'Events carry ids; fetch the resources they name.',
        response: {
          200: {
            description: 'A stream of events, each one a LiveEvent',
            content: { 'text/event-stream': { schema: Type.Ref(LiveEventSchema) } },
          },
        },
      },
    },
    (request, reply) => {
      const principal = principalOf(request);
      reply.hijack();
      const stream = reply.raw;
      stream.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        // Proxies such as nginx would otherwise hold events back in a buffer.
        'x-accel-buffering': 'no',
      });
      const write = (event: ClientEvent) => stream.write(`data: ${JSON.stringify(event)}\n\n`);
      stream.write('retry: 3000\n\n');
      write({ type: 'ready' });
      const unsubscribe = live.hub.subscribe(principal.organisationId, write);
      const keepAlive = setInterval(() => stream.write(': keep-alive\n\n'), keepAliveMilliseconds);
      const end = () => {
        clearInterval(keepAlive);
        unsubscribe();
        live.streams.delete(end);
        if (!stream.writableEnded) stream.end();
      };
      live.streams.add(end);
      request.raw.on('close', end);
    },
  );

  app.put(
    '/api/v1/conversations/:id/presence',
    {
      config: { permission: 'conversations:read' },
      schema: {
        tags: ['live'],
        summary: 'Heartbeat: I am viewing (or typing a reply to) this conversation',
        params: IdParams,
        body: Type.Object(
          { state: Type.Union([Type.Literal('viewing'), Type.Literal('typing')]) },
          { additionalProperties: false },
        ),
        response: { 200: ViewerListSchema, ...errorResponses },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const conversationId = request.params.id;
      if (
        !(await findConversation(context.database.db, principal.organisationId, conversationId))
      ) {
        throw notFound('conversation');
      }
      // API tokens are not people: only signed-in users show up as viewers.
      if (principal.userId !== null) {
        live.hub.publish({
          type: 'presence.heartbeat',
          organisationId: principal.organisationId,
          conversationId,
          userId: principal.userId,
          name: principal.name,
          state: request.body.state,
          expiresAt: Date.now() + presenceTtlMilliseconds,
        });
      }
      return {
        viewers: live.hub.presence.viewers(principal.organisationId, conversationId, Date.now()),
      };
    },
  );

  app.delete(
    '/api/v1/conversations/:id/presence',
    {
      config: { permission: 'conversations:read' },
      schema: {
        tags: ['live'],
        summary: 'I left this conversation',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      if (principal.userId !== null) {
        live.hub.publish({
          type: 'presence.heartbeat',
          organisationId: principal.organisationId,
          conversationId: request.params.id,
          userId: principal.userId,
          name: principal.name,
          state: null,
          expiresAt: Date.now(),
        });
      }
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/live/agents',
    {
      config: { permission: 'conversations:read' },
      schema: {
        tags: ['live'],
        summary: 'The people conversations can be assigned to',
        response: {
          200: Type.Object({
            data: Type.Array(
              Type.Object({ id: Type.Integer(), name: Type.String(), role: Type.String() }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const users = await listUsers(context.database.db, principalOf(request).organisationId);
      return {
        data: users
          .filter(
            (user) =>
              user.disabled_at === null && user.role !== 'analyst' && user.role !== 'member',
          )
          .map((user) => ({ id: user.id, name: user.name, role: user.role })),
      };
    },
  );
}
