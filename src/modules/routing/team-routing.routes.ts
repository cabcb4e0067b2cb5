import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { principalOf } from '../../server/route-types.js';
import {
  presentAgent,
  presentAvailabilityChange,
  presentFollowTheSun,
  presentMember,
  presentQueueItem,
} from './routing.presenter.js';
import {
  changeAgentSchema,
  deleteFollowTheSunSchema,
  deleteMemberSchema,
  listAgentsSchema,
  listFollowTheSunSchema,
  listMembersSchema,
  ownAvailabilitySchema,
  putFollowTheSunSchema,
  putMemberSchema,
  teamQueueSchema,
  teamRoutingSchemas,
} from './routing.schema.js';
import {
  getAgents,
  getFollowTheSunRules,
  getMembers,
  getTeamQueue,
  putFollowTheSunRule,
  putMember,
  removeFollowTheSunRule,
  removeMember,
  setAvailability,
  setCapacity,
  setOwnAvailability,
} from './team-routing.service.js';

/** Team queues, membership, agents' availability and capacity, follow-the-sun rules. */
export function registerTeamRoutingRoutes(base: FastifyInstance, context: AppContext): void {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  for (const schema of teamRoutingSchemas) app.addSchema(schema);

  app.get(
    '/api/v1/teams/:id/queue',
    {
      config: { permission: 'conversations:read' },
      schema: teamQueueSchema,
    },
    async (request) => {
      const { rows, total } = await getTeamQueue(
        context,
        principalOf(request),
        request.params.id,
        request.query.limit ?? 100,
      );
      return { data: rows.map(presentQueueItem), total };
    },
  );

  app.get(
    '/api/v1/teams/:id/members',
    {
      config: { permission: 'conversations:read' },
      schema: listMembersSchema,
    },
    async (request) => ({
      data: (await getMembers(context, principalOf(request), request.params.id)).map(presentMember),
    }),
  );

  app.put(
    '/api/v1/teams/:id/members/:userId',
    {
      config: { permission: 'routing:manage' },
      schema: putMemberSchema,
    },
    async (request) => ({
      data: (
        await putMember(
          context,
          principalOf(request),
          request.params.id,
          request.params.userId,
          request.body.role ?? 'member',
        )
      ).map(presentMember),
    }),
  );

  app.delete(
    '/api/v1/teams/:id/members/:userId',
    {
      config: { permission: 'routing:manage' },
      schema: deleteMemberSchema,
    },
    async (request, reply) => {
      await removeMember(context, principalOf(request), request.params.id, request.params.userId);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/agents',
    {
      config: { permission: 'conversations:read' },
      schema: listAgentsSchema,
    },
    async (request) => ({
      data: (await getAgents(context, principalOf(request))).map(presentAgent),
    }),
  );

  app.patch(
    '/api/v1/agents/:id',
    {
      config: { permission: 'routing:manage' },
      schema: changeAgentSchema,
    },
    async (request, reply) => {
      const principal = principalOf(request);
      if (request.body.capacity !== undefined) {
        await setCapacity(context, principal, request.params.id, request.body.capacity);
      }
      if (request.body.availability !== undefined) {
        await setAvailability(context, principal, request.params.id, request.body.availability);
      }
      return reply.status(204).send(null);
    },
  );

  app.put(
    '/api/v1/me/availability',
    {
      config: { permission: 'self' },
      schema: ownAvailabilitySchema,
    },
    async (request) =>
      presentAvailabilityChange(
        await setOwnAvailability(context, principalOf(request), request.body.availability),
      ),
  );

  app.get(
    '/api/v1/routing/follow-the-sun',
    {
      config: { permission: 'conversations:read' },
      schema: listFollowTheSunSchema,
    },
    async (request) => ({
      data: (await getFollowTheSunRules(context, principalOf(request))).map(presentFollowTheSun),
    }),
  );

  app.put(
    '/api/v1/teams/:id/follow-the-sun',
    {
      config: { permission: 'routing:manage' },
      schema: putFollowTheSunSchema,
    },
    async (request) => {
      const rule = await putFollowTheSunRule(
        context,
        principalOf(request),
        request.params.id,
        request.body,
      );
      if (!rule) throw new Error('follow-the-sun rule vanished after writing it');
      return presentFollowTheSun(rule);
    },
  );

  app.delete(
    '/api/v1/teams/:id/follow-the-sun',
    {
      config: { permission: 'routing:manage' },
      schema: deleteFollowTheSunSchema,
    },
    async (request, reply) => {
      await removeFollowTheSunRule(context, principalOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
