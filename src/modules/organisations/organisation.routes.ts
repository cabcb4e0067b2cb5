import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { principalOf } from '../../server/route-types.js';
import { changeOrganisationSchema, getOrganisationSchema } from './organisation.schema.js';
import {
  changeOrganisationSettings,
  organisationSettings,
} from './organisation-settings.service.js';

export function registerOrganisationRoutes(base: FastifyInstance, context: AppContext): void {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/v1/organisation',
    { config: { permission: 'self' }, schema: getOrganisationSchema },
    async (request) => organisationSettings(context, principalOf(request)),
  );

  app.patch(
    '/api/v1/organisation',
    { config: { permission: 'admin' }, schema: changeOrganisationSchema },
    async (request) => changeOrganisationSettings(context, principalOf(request), request.body),
  );
}
