import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { principalOf } from '../../server/route-types.js';
import { presentRule, presentRulePreview } from './routing.presenter.js';
import {
  changeRuleSchema,
  createRuleSchema,
  deleteRuleSchema,
  getSettingsSchema,
  listRulesSchema,
  previewRuleSchema,
  putSettingsSchema,
  reorderRulesSchema,
  routingSchemas,
} from './routing.schema.js';
import { previewRule } from './routing-preview.service.js';
import {
  changeRule,
  createRule,
  getDefaultTeam,
  removeRule,
  reorderRules,
  rulesOf,
  setDefaultTeam,
} from './routing-rule.service.js';
import { registerTeamRoutingRoutes } from './team-routing.routes.js';

/** Routing rules, the default team, and (through the team routes) queues and assignment. */
export function registerRoutingRoutes(base: FastifyInstance, context: AppContext): void {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  for (const schema of routingSchemas) app.addSchema(schema);

  app.get(
    '/api/v1/routing/rules',
    {
      config: { permission: 'conversations:read' },
      schema: listRulesSchema,
    },
    async (request) => ({
      data: (await rulesOf(context, principalOf(request))).map(presentRule),
    }),
  );

  app.post(
    '/api/v1/routing/rules',
    {
      config: { permission: 'routing:manage' },
      schema: createRuleSchema,
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(presentRule(await createRule(context, principalOf(request), request.body))),
  );

  app.post(
    '/api/v1/routing/rules/preview',
    {
      config: { permission: 'routing:manage' },
      schema: previewRuleSchema,
    },
    async (request) =>
      presentRulePreview(await previewRule(context, principalOf(request), request.body)),
  );

  app.patch(
    '/api/v1/routing/rules/:id',
    {
      config: { permission: 'routing:manage' },
      schema: changeRuleSchema,
    },
    async (request) =>
      presentRule(await changeRule(context, principalOf(request), request.params.id, request.body)),
  );

  app.delete(
    '/api/v1/routing/rules/:id',
    {
      config: { permission: 'routing:manage' },
      schema: deleteRuleSchema,
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
      schema: reorderRulesSchema,
    },
    async (request) => ({
      data: (await reorderRules(context, principalOf(request), request.body.ids)).map(presentRule),
    }),
  );

  app.get(
    '/api/v1/routing/settings',
    {
      config: { permission: 'conversations:read' },
      schema: getSettingsSchema,
    },
    async (request) => ({ default_team_id: await getDefaultTeam(context, principalOf(request)) }),
  );

  app.put(
    '/api/v1/routing/settings',
    {
      config: { permission: 'routing:manage' },
      schema: putSettingsSchema,
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
