import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { errorResponses, IdParams, principalOf, refTo } from '../../server/route-types.js';
import { presentContact } from './contact.presenter.js';
import { ContactSchema, contactSchemas, MergeContactBody } from './contact.schema.js';
import { contactWithIdentities, mergeContacts } from './contact.service.js';

export function registerContactRoutes(base: FastifyInstance, context: AppContext): void {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  for (const schema of contactSchemas) app.addSchema(schema);

  app.get(
    '/api/v1/contacts/:id',
    {
      config: { permission: 'conversations:read' },
      schema: {
        tags: ['contacts'],
        summary: 'A contact with all their channel identities',
        params: IdParams,
        response: { 200: refTo(ContactSchema), ...errorResponses },
      },
    },
    async (request) =>
      presentContact(await contactWithIdentities(context, principalOf(request), request.params.id)),
  );

  app.post(
    '/api/v1/contacts/:id/merge',
    {
      config: { permission: 'contacts:write' },
      schema: {
        tags: ['contacts'],
        summary: 'Merge another contact into this one',
        params: IdParams,
        body: MergeContactBody,
        response: { 200: refTo(ContactSchema), ...errorResponses, 409: errorResponses[400] },
      },
    },
    async (request) =>
      presentContact(
        await mergeContacts(
          context,
          principalOf(request),
          request.params.id,
          request.body.contact_id,
        ),
      ),
  );
}
