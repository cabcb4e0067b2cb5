import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { errorResponses, IdParams, principalOf } from '../../server/route-types.js';
import {
  addPanelMembers,
  changePanel,
  createPanel,
  listPanels,
  panelWithSize,
  recordPanelConsent,
  removePanelMember,
  withdrawPanelConsent,
} from './panel.service.js';
import { presentPanel, presentPanelDetail } from './people.presenter.js';
import {
  ChangePanelBody,
  ContactIdsBody,
  CreatePanelBody,
  PanelConsentBody,
  PanelContactParams,
  PanelDetailSchema,
  PanelListSchema,
  PanelSchema,
  RulePreviewBody,
  RulePreviewSchema,
} from './people.schema.js';
import { previewRule } from './rule.service.js';

const conflicts = { 409: errorResponses[400] };
const tags = ['panels'];

export function registerPanelRoutes(app: FastifyInstance, context: AppContext): void {
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();

  typed.post(
    '/api/v1/panels/preview',
    {
      config: { permission: 'admin' },
      schema: {
        tags,
        summary: 'How many people a rule matches, and the first ten, before it is used',
        body: RulePreviewBody,
        response: { 200: RulePreviewSchema, ...errorResponses },
      },
    },
    async (request) =>
      previewRule(context.database.db, principalOf(request).organisationId, request.body.rule),
  );

  typed.get(
    '/api/v1/panels',
    {
      config: { permission: 'admin' },
      schema: {
        tags,
        summary: 'Customer panels',
        response: { 200: PanelListSchema, ...errorResponses },
      },
    },
    async (request) => ({
      data: (await listPanels(context.database.db, principalOf(request).organisationId)).map(
        presentPanel,
      ),
    }),
  );

  typed.post(
    '/api/v1/panels',
    {
      config: { permission: 'admin' },
      schema: {
        tags,
        summary: 'Create a panel (by rule or explicit membership)',
        body: CreatePanelBody,
        response: { 201: PanelSchema, ...errorResponses, ...conflicts },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(presentPanel(await createPanel(context, principalOf(request), request.body))),
  );

  typed.get(
    '/api/v1/panels/:id',
    {
      config: { permission: 'admin' },
      schema: {
        tags,
        summary: 'A panel with its size and its first people',
        params: IdParams,
        response: { 200: PanelDetailSchema, ...errorResponses },
      },
    },
    async (request) =>
      presentPanelDetail(
        await panelWithSize(
          context.database.db,
          principalOf(request).organisationId,
          request.params.id,
        ),
      ),
  );

  typed.patch(
    '/api/v1/panels/:id',
    {
      config: { permission: 'admin' },
      schema: {
        tags,
        summary: 'Rename a panel or change its rule',
        params: IdParams,
        body: ChangePanelBody,
        response: { 200: PanelSchema, ...errorResponses, ...conflicts },
      },
    },
    async (request) =>
      presentPanel(
        await changePanel(context, principalOf(request), request.params.id, request.body),
      ),
  );

  typed.post(
    '/api/v1/panels/:id/members',
    {
      config: { permission: 'admin' },
      schema: {
        tags,
        summary: 'Add people to an explicit panel',
        params: IdParams,
        body: ContactIdsBody,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await addPanelMembers(
        context,
        principalOf(request),
        request.params.id,
        request.body.contact_ids,
      );
      return reply.status(204).send(null);
    },
  );

  typed.delete(
    '/api/v1/panels/:id/members/:contactId',
    {
      config: { permission: 'admin' },
      schema: {
        tags,
        summary: 'Remove a person from an explicit panel',
        params: PanelContactParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await removePanelMember(
        context,
        principalOf(request),
        request.params.id,
        request.params.contactId,
      );
      return reply.status(204).send(null);
    },
  );

  typed.post(
    '/api/v1/panels/:id/consents',
    {
      config: { permission: 'admin' },
      schema: {
        tags,
        summary: 'Record that people opted in to a panel (consent with time and source)',
        params: IdParams,
        body: PanelConsentBody,
        response: { 200: Type.Object({ granted: Type.Integer() }), ...errorResponses },
      },
    },
    async (request) =>
      recordPanelConsent(context, principalOf(request), request.params.id, {
        contact_ids: request.body.contact_ids,
        source: request.body.source ?? 'api',
      }),
  );

  typed.delete(
    '/api/v1/panels/:id/consents/:contactId',
    {
      config: { permission: 'admin' },
      schema: {
        tags,
        summary: 'Record a withdrawal of panel consent the person asked for',
        params: PanelContactParams,
        response: { 200: Type.Object({ withdrawn: Type.Boolean() }), ...errorResponses },
      },
    },
    async (request) =>
      withdrawPanelConsent(
        context,
        principalOf(request),
        request.params.id,
        request.params.contactId,
      ),
  );
}
