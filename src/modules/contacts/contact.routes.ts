import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { withTransaction } from '../../platform/database/connection.js';
import { AppError, notFound } from '../../platform/errors.js';
import { errorResponses, IdParams, principalOf } from '../../server/route-types.js';
import { recordAudit } from '../audit/index.js';
import { actorOf, type Principal } from '../auth/index.js';
import { findContact, listIdentities, mergeContactRows } from './contact.repository.js';

const ContactSchema = Type.Object({
  id: Type.Integer(),
  name: Type.Union([Type.String(), Type.Null()]),
  merged_into_id: Type.Union([Type.Integer(), Type.Null()]),
  identities: Type.Array(
    Type.Object({
      id: Type.Integer(),
      channel: Type.String(),
      handle: Type.String(),
      display_name: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
  created_at: Type.String(),
});

async function contactView(context: AppContext, principal: Principal, id: number) {
  const contact = await findContact(context.database.db, principal.organisationId, id);
  if (!contact) throw notFound('contact');
  const identities = await listIdentities(context.database.db, [contact.id]);
  return {
    id: contact.id,
    name: contact.name,
    merged_into_id: contact.merged_into_id,
    identities: identities.map((identity) => ({
      id: identity.id,
      channel: identity.channel,
      handle: identity.handle,
      display_name: identity.display_name,
    })),
    created_at: new Date(contact.created_at).toISOString(),
  };
}

/**
 * Merges `fromId` into `intoId`: one person with all their channel identities and conversations.
 * The merged contact stays as a pointer so old links still resolve.
 */
export async function mergeContacts(
  context: AppContext,
  principal: Principal,
  intoId: number,
  fromId: number,
) {
  if (intoId === fromId) {
    throw new AppError('validation_failed', 'cannot merge a contact into itself', [
      { path: 'body/contact_id', message: 'must differ from the contact in the path' },
    ]);
  }
  await withTransaction(context.database, async (trx) => {
    const into = await findContact(trx, principal.organisationId, intoId);
    const from = await findContact(trx, principal.organisationId, fromId);
    if (!into) throw notFound('contact');
    if (!from) throw notFound('contact to merge');
    if (into.merged_into_id !== null || from.merged_into_id !== null) {
      throw new AppError('conflict', 'one of these contacts was already merged into another');
    }
    await mergeContactRows(trx, principal.organisationId, fromId, intoId, Date.now());
    await recordAudit(trx, {
      organisationId: principal.organisationId,
      actor: actorOf(principal),
      action: 'contact.merged',
      subjectType: 'contact',
      subjectId: intoId,
      changes: { merged_contact_id: fromId },
    });
  });
  return contactView(context, principal, intoId);
}

export function registerContactRoutes(base: FastifyInstance, context: AppContext): void {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/v1/contacts/:id',
    {
      config: { permission: 'conversations:read' },
      schema: {
        tags: ['contacts'],
        summary: 'A contact with all their channel identities',
        params: IdParams,
        response: { 200: ContactSchema, ...errorResponses },
      },
    },
    async (request) => contactView(context, principalOf(request), request.params.id),
  );

  app.post(
    '/api/v1/contacts/:id/merge',
    {
      config: { permission: 'contacts:write' },
      schema: {
        tags: ['contacts'],
        summary: 'Merge another contact into this one',
        params: IdParams,
        body: Type.Object(
          { contact_id: Type.Integer({ minimum: 1 }) },
          { additionalProperties: false },
        ),
        response: { 200: ContactSchema, ...errorResponses, 409: errorResponses[400] },
      },
    },
    async (request) =>
      mergeContacts(context, principalOf(request), request.params.id, request.body.contact_id),
  );
}
