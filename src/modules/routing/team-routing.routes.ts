import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { errorResponses, IdParams, principalOf } from '../../server/route-types.js';
import {
  AgentSchema,
  AvailabilityValue,
  FollowTheSunSchema,
  MemberSchema,
  presentAgent,
  presentFollowTheSun,
  presentMember,
  presentQueueItem,
  QueueItemSchema,
} from './routing.presenter.js';
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
} from './team-routing.service.js';

const MemberParams = Type.Object({
  id: Type.Integer({ minimum: 1 }),
  userId: Type.Integer({ minimum: 1 }),
});
const MembersResponse = Type.Object({ data: Type.Array(MemberSchema) });
const AvailabilityResponse = Type.Object({
  availability: AvailabilityValue,
  released_conversations: Type.Integer(),
});

/** Team queues, membership, agents' availability and capacity, follow-the-sun rules. */
export function registerTeamRoutingRoutes(base: FastifyInstance, context: AppContext): void {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/v1/teams/:id/queue',
    {
      config: { permission: 'conversations:read' },
      schema: {
        tags: ['routing'],
        summary: "A team's unassigned open conversations, most urgent (SLA due time) first",
        params: IdParams,
        querystring: Type.Object(
          { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ data: Type.Array(QueueItemSchema), total: Type.Integer() }),
          ...errorResponses,
        },
      },
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
      schema: {
        tags: ['routing'],
        summary: 'Members of a team with their availability',
        params: IdParams,
        response: { 200: MembersResponse, ...errorResponses },
      },
    },
    async (request) => ({
      data: (await getMembers(context, principalOf(request), request.params.id)).map(presentMember),
    }),
  );

  app.put(
    '/api/v1/teams/:id/members/:userId',
    {
      config: { permission: 'routing:manage' },
      schema: {
        tags: ['routing'],
        summary: 'Add a user to a team, or change their role in it',
        params: MemberParams,
        body: Type.Object(
          { role: Type.Optional(Type.Union([Type.Literal('member'), Type.Literal('lead')])) },
          { additionalProperties: false },
        ),
        response: { 200: MembersResponse, ...errorResponses },
      },
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
      schema: {
        tags: ['routing'],
        summary: 'Remove a user from a team (conversations they hold stay with them)',
        params: MemberParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
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
      schema: {
        tags: ['routing'],
        summary: "Agents' availability, capacity and open conversations",
        response: { 200: Type.Object({ data: Type.Array(AgentSchema) }), ...errorResponses },
      },
    },
    async (request) => ({
      data: (await getAgents(context, principalOf(request))).map(presentAgent),
    }),
  );

  app.patch(
    '/api/v1/agents/:id',
    {
      config: { permission: 'routing:manage' },
      schema: {
        tags: ['routing'],
        summary: "Set an agent's capacity or availability (leads)",
        params: IdParams,
        body: Type.Object(
          {
            capacity: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
            availability: Type.Optional(AvailabilityValue),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 204: Type.Null(), ...errorResponses },
      },
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
      schema: {
        tags: ['routing'],
        summary: 'Set yourself available, away or offline',
        body: Type.Object({ availability: AvailabilityValue }, { additionalProperties: false }),
        response: { 200: AvailabilityResponse, ...errorResponses },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      if (principal.userId === null) {
        throw new AppError('forbidden', 'only a signed-in user has an availability');
      }
      const change = await setAvailability(
        context,
        principal,
        principal.userId,
        request.body.availability,
      );
      return { availability: change.status, released_conversations: change.released.length };
    },
  );

  app.get(
    '/api/v1/routing/follow-the-sun',
    {
      config: { permission: 'conversations:read' },
      schema: {
        tags: ['routing'],
        summary: 'Follow-the-sun rules: which team takes over while a team is closed',
        response: {
          200: Type.Object({ data: Type.Array(FollowTheSunSchema) }),
          ...errorResponses,
        },
      },
    },
    async (request) => ({
      data: (await getFollowTheSunRules(context, principalOf(request))).map(presentFollowTheSun),
    }),
  );

  app.put(
    '/api/v1/teams/:id/follow-the-sun',
    {
      config: { permission: 'routing:manage' },
      schema: {
        tags: ['routing'],
        summary: "Outside this team's hours, hand its new conversations to another team",
        params: IdParams,
        body: Type.Object(
          { handoff_team_id: Type.Integer({ minimum: 1 }), enabled: Type.Optional(Type.Boolean()) },
          { additionalProperties: false },
        ),
        response: { 200: FollowTheSunSchema, ...errorResponses },
      },
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
      schema: {
        tags: ['routing'],
        summary: "Remove a team's follow-the-sun rule",
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await removeFollowTheSunRule(context, principalOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
