import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { errorResponses, IdParams, principalOf } from '../../server/route-types.js';
import {
  changeAttributeDefinition,
  createAttributeDefinition,
  deleteAttributeDefinition,
  listAttributeDefinitions,
} from './attribute.service.js';
import { importContacts, importMembers } from './import.service.js';
import { registerPanelRoutes } from './panel.routes.js';
import { registerPartnerRoutes } from './partner.routes.js';
import { presentAttribute, presentContactImport, presentMemberImport } from './people.presenter.js';
import {
  AttributeDefinitionListSchema,
  AttributeDefinitionSchema,
  ChangeAttributeBody,
  ContactImportBody,
  ContactImportSchema,
  CreateAttributeBody,
  MemberImportBody,
  MemberImportSchema,
  ProfileSchema,
  WithdrawBody,
  WithdrawnSchema,
} from './people.schema.js';
import { profileOf } from './profile.service.js';
import { withdrawWithLink } from './withdrawal.service.js';

const conflicts = { 409: errorResponses[400] };

export function registerPeopleRoutes(base: FastifyInstance, context: AppContext): void {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/v1/attributes',
    {
      config: { permission: 'admin' },
      schema: {
        tags: ['people'],
        summary: 'Declared contact attributes',
        response: { 200: AttributeDefinitionListSchema, ...errorResponses },
      },
    },
    async (request) => ({
      data: (
        await listAttributeDefinitions(context.database.db, principalOf(request).organisationId)
      ).map(presentAttribute),
    }),
  );

  app.post(
    '/api/v1/attributes',
    {
      config: { permission: 'admin' },
      schema: {
        tags: ['people'],
        summary: 'Declare a contact attribute',
        body: CreateAttributeBody,
        response: { 201: AttributeDefinitionSchema, ...errorResponses, ...conflicts },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          presentAttribute(
            await createAttributeDefinition(context, principalOf(request), request.body),
          ),
        ),
  );

  app.patch(
    '/api/v1/attributes/:id',
    {
      config: { permission: 'admin' },
      schema: {
        tags: ['people'],
        summary: 'Relabel an attribute or change its options',
        params: IdParams,
        body: ChangeAttributeBody,
        response: { 200: AttributeDefinitionSchema, ...errorResponses, ...conflicts },
      },
    },
    async (request) =>
      presentAttribute(
        await changeAttributeDefinition(
          context,
          principalOf(request),
          request.params.id,
          request.body,
        ),
      ),
  );

  app.delete(
    '/api/v1/attributes/:id',
    {
      config: { permission: 'admin' },
      schema: {
        tags: ['people'],
        summary: 'Remove an attribute and every value of it',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await deleteAttributeDefinition(context, principalOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/people/imports/contacts',
    {
      config: { permission: 'admin' },
      schema: {
        tags: ['people'],
        summary: 'Import contacts with attributes and panel consent from CSV',
        description:
          'Columns: email (required), name, consent (panels by id or name, `;` between), any declared attribute. ' +
          'Any row error rejects the whole file (422, `fields` at `/rows/<line>/<column>`).',
        body: ContactImportBody,
        response: { 200: ContactImportSchema, ...errorResponses, 422: errorResponses[400] },
      },
    },
    async (request) =>
      presentContactImport(
        await importContacts(context, principalOf(request), {
          csv: request.body.csv,
          autoDeclare: request.body.auto_declare ?? false,
          dryRun: request.body.dry_run ?? false,
        }),
      ),
  );

  app.post(
    '/api/v1/people/imports/members',
    {
      config: { permission: 'admin' },
      schema: {
        tags: ['people'],
        summary: 'Invite members (employees) from CSV',
        description:
          'Columns: name, email (required), department, location, team. Any row error rejects the whole file.',
        body: MemberImportBody,
        response: { 200: MemberImportSchema, ...errorResponses, 422: errorResponses[400] },
      },
    },
    async (request) =>
      presentMemberImport(
        await importMembers(context, principalOf(request), {
          csv: request.body.csv,
          dryRun: request.body.dry_run ?? false,
        }),
      ),
  );

  app.post(
    '/api/v1/consent-withdrawals',
    {
      config: { public: true },
      schema: {
        tags: ['people'],
        summary: 'Withdraw a consent with the one-click link of a message (no sign-in)',
        body: WithdrawBody,
        response: { 200: WithdrawnSchema, ...errorResponses, 410: errorResponses[400] },
      },
    },
    async (request) => withdrawWithLink(context, request.body.token),
  );

  app.get(
    '/api/v1/people/me',
    {
      config: { permission: 'self' },
      schema: {
        tags: ['people'],
        summary: 'The signed-in user as a person: their attributes (department, location…)',
        response: { 200: ProfileSchema, ...errorResponses },
      },
    },
    async (request) => profileOf(context.database.db, principalOf(request)),
  );

  registerPanelRoutes(app, context);
  registerPartnerRoutes(app, context);
}
