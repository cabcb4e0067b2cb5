import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { errorResponses, IdParams, principalOf } from '../../server/route-types.js';
import { ConditionsSchema, PriorityValue, presentRule, RuleSchema } from './routing.presenter.js';
import { listRules } from './routing-rule.repository.js';
import {
  changeRule,
  createRule,
  getDefaultTeam,
  removeRule,
  reorderRules,
  setDefaultTeam,
} from './routing-rule.service.js';
import { registerTeamRoutingRoutes } from './team-routing.routes.js';

const RuleFields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  enabled: Type.Optional(Type.Boolean()),
  conditions: ConditionsSchema,
  team_id: Type.Integer({ minimum: 1 }),
  priority: Type.Optional(Type.Union([PriorityValue, Type.Null()])),
  label_id: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
  position: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
};

const SettingsSchema = Type.Object({
  default_team_id: Type.Union([Type.Integer(), Type.Null()]),
});

/** Routing rules, the default team, and (through the team routes) queues and assignment. */
export function registerRoutingRoutes(base: FastifyInstance, context: AppContext): void {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/v1/routing/rules',
    {
      config: { permission: 'conversations:read' },
      schema: {
        tags: ['routing'],
        summary: 'Routing rules in the order they are evaluated (first match wins)',
        response: { 200: Type.Object({ data: Type.Array(RuleSchema) }), ...errorResponses },
      },
    },
    async (request) => ({
      data: (await listRules(context.database.db, principalOf(request).organisationId)).map(
        presentRule,
      ),
    }),
  );

  app.post(
    '/api/v1/routing/rules',
    {
      config: { permission: 'routing:manage' },
      schema: {
        tags: ['routing'],
        summary: 'Create a routing rule (at the end, or at `position`)',
        body: Type.Object(RuleFields, { additionalProperties: false }),
        response: { 201: RuleSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(presentRule(await createRule(context, principalOf(request), request.body))),
  );

  app.patch(
    '/api/v1/routing/rules/:id',
    {
      config: { permission: 'routing:manage' },
      schema: {
        tags: ['routing'],
        summary: 'Change a routing rule or move it to another position',
        params: IdParams,
        body: Type.Partial(Type.Object(RuleFields), {
          additionalProperties: false,
          minProperties: 1,
        }),
        response: { 200: RuleSchema, ...errorResponses },
      },
    },
    async (request) =>
      presentRule(await changeRule(context, principalOf(request), request.params.id, request.body)),
  );

  app.delete(
    '/api/v1/routing/rules/:id',
    {
      config: { permission: 'routing:manage' },
      schema: {
        tags: ['routing'],
        summary: 'Delete a routing rule',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await removeRule(context, principalOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.put(
    '/api/v1/routing/rules/order',
    {
      config: { permission: 'routing:manage' },
      schema: {
        tags: ['routing'],
        summary: 'Set the order of all rules at once',
        body: Type.Object(
          { ids: Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 10_000 }) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ data: Type.Array(RuleSchema) }), ...errorResponses },
      },
    },
    async (request) => ({
      data: (await reorderRules(context, principalOf(request), request.body.ids)).map(presentRule),
    }),
  );

  app.get(
    '/api/v1/routing/settings',
    {
      config: { permission: 'conversations:read' },
      schema: {
        tags: ['routing'],
        summary: 'The default team: where a conversation goes when no rule or account decides',
        response: { 200: SettingsSchema, ...errorResponses },
      },
    },
    async (request) => ({ default_team_id: await getDefaultTeam(context, principalOf(request)) }),
  );

  app.put(
    '/api/v1/routing/settings',
    {
      config: { permission: 'routing:manage' },
      schema: {
        tags: ['routing'],
        summary: 'Set the default team',
        body: Type.Object(
          { default_team_id: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]) },
          { additionalProperties: false },
        ),
        response: { 200: SettingsSchema, ...errorResponses },
      },
    },
    async (request) => ({
      default_team_id: await setDefaultTeam(
        context,
        principalOf(request),
        request.body.default_team_id,
      ),
    }),
  );

  registerTeamRoutingRoutes(app, context);
}
