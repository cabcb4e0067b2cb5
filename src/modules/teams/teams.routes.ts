import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { errorResponses, principalOf } from '../../server/route-types.js';
import { presentTeam, presentTeamList } from './teams.presenter.js';
import { CreateTeamBody, TeamListSchema, TeamSchema } from './teams.schema.js';
import { createTeam, teamsOf } from './teams.service.js';

export function registerTeamRoutes(base: FastifyInstance, context: AppContext): void {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/v1/teams',
    {
      config: { permission: 'conversations:read' },
      schema: {
        tags: ['teams'],
        summary: 'Teams',
        response: { 200: TeamListSchema, ...errorResponses },
      },
    },
    async (request) => presentTeamList(await teamsOf(context, principalOf(request))),
  );

  app.post(
    '/api/v1/teams',
    {
      config: { permission: 'admin' },
      schema: {
        tags: ['teams'],
        summary: 'Create a team',
        body: CreateTeamBody,
        response: { 201: TeamSchema, ...errorResponses, 409: errorResponses[400] },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(presentTeam(await createTeam(context, principalOf(request), request.body))),
  );
}
