import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { errorResponses, IdParams, principalOf } from '../../server/route-types.js';
import {
  addPartnerPerson,
  changePartner,
  createPartner,
  listPartners,
  partnerPeople,
  removePartnerPerson,
} from './partner.service.js';
import { presentPartner } from './people.presenter.js';
import {
  AddedPartnerPersonSchema,
  AddPartnerPersonBody,
  ChangePartnerBody,
  CreatePartnerBody,
  PanelContactParams,
  PartnerListSchema,
  PartnerPeopleSchema,
  PartnerSchema,
} from './people.schema.js';

const conflicts = { 409: errorResponses[400] };
const tags = ['partners'];

export function registerPartnerRoutes(app: FastifyInstance, context: AppContext): void {
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();

  typed.get(
    '/api/v1/partners',
    {
      config: { permission: 'admin' },
      schema: {
        tags,
        summary: 'Partner organisations',
        response: { 200: PartnerListSchema, ...errorResponses },
      },
    },
    async (request) => ({
      data: (await listPartners(context.database.db, principalOf(request).organisationId)).map(
        presentPartner,
      ),
    }),
  );

  typed.post(
    '/api/v1/partners',
    {
      config: { permission: 'admin' },
      schema: {
        tags,
        summary: 'Create a partner organisation with its confidentiality notice',
        body: CreatePartnerBody,
        response: { 201: PartnerSchema, ...errorResponses, ...conflicts },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(presentPartner(await createPartner(context, principalOf(request), request.body))),
  );

  typed.patch(
    '/api/v1/partners/:id',
    {
      config: { permission: 'admin' },
      schema: {
        tags,
        summary: 'Rename a partner or change its notice (a new version everyone accepts again)',
        params: IdParams,
        body: ChangePartnerBody,
        response: { 200: PartnerSchema, ...errorResponses, ...conflicts },
      },
    },
    async (request) =>
      presentPartner(
        await changePartner(context, principalOf(request), request.params.id, request.body),
      ),
  );

  typed.get(
    '/api/v1/partners/:id/people',
    {
      config: { permission: 'admin' },
      schema: {
        tags,
        summary: "A partner's people and whether each accepted the current notice",
        params: IdParams,
        response: { 200: PartnerPeopleSchema, ...errorResponses },
      },
    },
    async (request) => ({
      data: await partnerPeople(
        context.database.db,
        principalOf(request).organisationId,
        request.params.id,
      ),
    }),
  );

  typed.post(
    '/api/v1/partners/:id/people',
    {
      config: { permission: 'admin' },
      schema: {
        tags,
        summary: 'Add a person (name and e-mail) to a partner organisation',
        params: IdParams,
        body: AddPartnerPersonBody,
        response: { 201: AddedPartnerPersonSchema, ...errorResponses, ...conflicts },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await addPartnerPerson(context, principalOf(request), request.params.id, request.body),
        ),
  );

  typed.delete(
    '/api/v1/partners/:id/people/:contactId',
    {
      config: { permission: 'admin' },
      schema: {
        tags,
        summary: 'Remove a person from a partner organisation',
        params: PanelContactParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await removePartnerPerson(
        context,
        principalOf(request),
        request.params.id,
        request.params.contactId,
      );
      return reply.status(204).send(null);
    },
  );
}
