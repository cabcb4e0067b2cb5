import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';
import {
  errorResponses,
  IdParams,
  participantOf,
  principalOf,
  refTo,
} from '../../server/route-types.js';
import { participantMaySeeConsultation } from '../auth/index.js';
import {
  addConcern,
  concernRegister,
  groupConcerns,
  mergeConcerns,
  setDisposition,
  splitConcern,
} from './concern.service.js';
import { presentConcern } from './consult.presenter.js';
import {
  AcceptNoticeBody,
  AddConcernBody,
  AnswerBody,
  ConcernListSchema,
  ConcernParams,
  ConsultationListSchema,
  ConsultationSchema,
  CreateConsultationBody,
  CreatedSchema,
  consultSchemas,
  DiffQuery,
  DiffSchema,
  DispositionBody,
  EditConsultationBody,
  GateBody,
  GroupedSchema,
  MergeConcernsBody,
  MyResponseSchema,
  NoticeSchema,
  ReasonsSchema,
  ResultsQuery,
  ResultsSchema,
  RevocationBody,
  RingInputSchema,
  RingParams,
  SplitConcernBody,
  VersionBody,
  VersionParams,
  VersionSchema,
  ViewsSchema,
} from './consult.schema.js';
import {
  addRing,
  closeRing,
  createConsultation,
  createVersion,
  decideGate,
  editConsultation,
  editRing,
  openRing,
  removeRing,
} from './consult.service.js';
import {
  consultationFor,
  consultationsFor,
  diffFor,
  reasonsFor,
  revokePerson,
  versionFor,
  viewsFor,
} from './consult-read.service.js';
import { type ConsultViewer, viewerOfPrincipal } from './embargo.service.js';
import { hotRuleText } from './hot-rule.js';
import { acceptNotice, noticeFor } from './notice.service.js';
import { presentMyResponse } from './response.presenter.js';
import { answerRing, myResponse } from './response.service.js';
import { consultationResults } from './results.service.js';

/**
 * Every consult route takes any signed-in person (`self`) and lets the embargo
 * (`canSeeConsultation`) decide: a consultation the viewer may not see answers 404, the same as
 * one that does not exist, so no route confirms that an embargoed consultation exists. The
 * routes a participant needs (read the consultation and its versions, answer, see their answer,
 * the notice a partner accepts first) also take a participant session (`participant`) scoped to
 * that consultation.
 */
const self = { permission: 'self' as const };
const participant = { audience: 'either' as const, permission: 'self' as const };
const tags = ['consultations'];

/**
 * The one place a request becomes a viewer: a participant session (a contact signed in by an
 * e-mailed link) or a staff principal. A participant's session must be scoped to this very
 * consultation, else it sees nothing (404).
 */
function viewerOf(request: FastifyRequest, consultationId?: number): ConsultViewer {
  const person = participantOf(request);
  if (person) {
    if (consultationId === undefined || !participantMaySeeConsultation(person, consultationId)) {
      throw notFound('consultation');
    }
    return {
      kind: 'participant',
      organisationId: person.organisationId,
      contactId: person.contactId,
      scope: person.scope,
    };
  }
  return viewerOfPrincipal(principalOf(request));
}

const noContent = { 204: Type.Null() };

export function registerConsultRoutes(base: FastifyInstance, context: AppContext): void {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  for (const schema of consultSchemas) app.addSchema(schema);

  app.get(
    '/api/v1/consultations',
    {
      config: self,
      schema: {
        tags,
        summary: 'Consultations I may see',
        response: { 200: ConsultationListSchema, ...errorResponses },
      },
    },
    async (request) => ({ data: await consultationsFor(context, viewerOf(request)) }),
  );

  app.post(
    '/api/v1/consultations',
    {
      config: { permission: 'consultations:manage' },
      schema: {
        tags,
        summary: 'Create a consultation (default rings when none are given)',
        body: CreateConsultationBody,
        response: { 201: CreatedSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send({ id: await createConsultation(context, principalOf(request), request.body) }),
  );

  app.get(
    '/api/v1/consultations/:id',
    {
      config: participant,
      schema: {
        tags,
        summary: 'A consultation',
        params: IdParams,
        response: { 200: refTo(ConsultationSchema), ...errorResponses },
      },
    },
    async (request) =>
      consultationFor(context, viewerOf(request, request.params.id), request.params.id),
  );

  app.patch(
    '/api/v1/consultations/:id',
    {
      config: self,
      schema: {
        tags,
        summary: 'Edit a consultation',
        params: IdParams,
        body: EditConsultationBody,
        response: { ...noContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      await editConsultation(context, principalOf(request), request.params.id, request.body);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/consultations/:id/rings',
    {
      config: self,
      schema: {
        tags,
        summary: 'Add a ring',
        params: IdParams,
        body: refTo(RingInputSchema),
        response: { 201: CreatedSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send({
        id: await addRing(context, principalOf(request), request.params.id, request.body),
      }),
  );

  app.put(
    '/api/v1/consultations/:id/rings/:ringId',
    {
      config: self,
      schema: {
        tags,
        summary: 'Edit a draft ring',
        params: RingParams,
        body: refTo(RingInputSchema),
        response: { ...noContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      await editRing(
        context,
        principalOf(request),
        request.params.id,
        request.params.ringId,
        request.body,
      );
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/api/v1/consultations/:id/rings/:ringId',
    {
      config: self,
      schema: {
        tags,
        summary: 'Remove a draft ring',
        params: RingParams,
        response: { ...noContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      await removeRing(context, principalOf(request), request.params.id, request.params.ringId);
      return reply.status(204).send(null);
    },
  );

  for (const [action, run, summary] of [
    ['open', openRing, 'Open a ring with the current version'],
    ['close', closeRing, 'Close a ring'],
  ] as const) {
    app.post(
      `/api/v1/consultations/:id/rings/:ringId/${action}`,
      {
        config: self,
        schema: {
          tags,
          summary,
          params: RingParams,
          response: { ...noContent, ...errorResponses },
        },
      },
      async (request, reply) => {
        await run(context, principalOf(request), request.params.id, request.params.ringId);
        return reply.status(204).send(null);
      },
    );
  }

  app.post(
    '/api/v1/consultations/:id/rings/:ringId/gate',
    {
      config: self,
      schema: {
        tags,
        summary: 'Record the gate decision of a closed ring',
        params: RingParams,
        body: GateBody,
        response: { ...noContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      await decideGate(
        context,
        principalOf(request),
        request.params.id,
        request.params.ringId,
        request.body,
      );
      return reply.status(204).send(null);
    },
  );

  app.put(
    '/api/v1/consultations/:id/rings/:ringId/response',
    {
      config: participant,
      schema: {
        tags,
        summary: 'Answer an open ring (idempotent per request_id)',
        params: RingParams,
        body: AnswerBody,
        response: { 200: MyResponseSchema, ...errorResponses },
      },
    },
    async (request) => {
      const viewer = viewerOf(request, request.params.id);
      await answerRing(context, viewer, request.params.id, request.params.ringId, request.body);
      return presentMyResponse(
        await myResponse(context, viewer, request.params.id, request.params.ringId),
      );
    },
  );

  app.get(
    '/api/v1/consultations/:id/rings/:ringId/response',
    {
      config: participant,
      schema: {
        tags,
        summary: 'My answer to a ring',
        params: RingParams,
        response: { 200: MyResponseSchema, ...errorResponses },
      },
    },
    async (request) =>
      presentMyResponse(
        await myResponse(
          context,
          viewerOf(request, request.params.id),
          request.params.id,
          request.params.ringId,
        ),
      ),
  );

  app.get(
    '/api/v1/consultations/:id/rings/:ringId/reasons',
    {
      config: self,
      schema: {
        tags,
        summary: 'Reasons given in a ring (owner)',
        params: RingParams,
        response: { 200: ReasonsSchema, ...errorResponses },
      },
    },
    async (request) =>
      reasonsFor(context, principalOf(request), request.params.id, request.params.ringId),
  );

  app.post(
    '/api/v1/consultations/:id/versions',
    {
      config: self,
      schema: {
        tags,
        summary: 'A new version of the text',
        params: IdParams,
        body: VersionBody,
        response: { 201: CreatedSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send({
        id: await createVersion(context, principalOf(request), request.params.id, request.body),
      }),
  );

  app.get(
    '/api/v1/consultations/:id/versions/:versionId',
    {
      config: participant,
      schema: {
        tags,
        summary: 'A version of the text',
        params: VersionParams,
        response: { 200: VersionSchema, ...errorResponses },
      },
    },
    async (request) =>
      versionFor(
        context,
        viewerOf(request, request.params.id),
        request.params.id,
        request.params.versionId,
      ),
  );

  app.get(
    '/api/v1/consultations/:id/diff',
    {
      config: participant,
      schema: {
        tags,
        summary: 'Word-level changes between two versions',
        params: IdParams,
        querystring: DiffQuery,
        response: { 200: DiffSchema, ...errorResponses },
      },
    },
    async (request) =>
      diffFor(
        context,
        viewerOf(request, request.params.id),
        request.params.id,
        request.query.from,
        request.query.to,
      ),
  );

  app.get(
    '/api/v1/consultations/:id/results',
    {
      config: self,
      schema: {
        tags,
        summary: 'Results of every ring, side by side (owner)',
        params: IdParams,
        querystring: ResultsQuery,
        response: { 200: ResultsSchema, ...errorResponses },
      },
    },
    async (request) => ({
      data: await consultationResults(
        context,
        principalOf(request),
        request.params.id,
        request.query,
      ),
      hot_rule: hotRuleText,
    }),
  );

  app.get(
    '/api/v1/consultations/:id/concerns',
    {
      config: self,
      schema: {
        tags,
        summary: 'The register of concerns (owner)',
        params: IdParams,
        response: { 200: ConcernListSchema, ...errorResponses },
      },
    },
    async (request) => ({
      data: (await concernRegister(context, principalOf(request), request.params.id)).map(
        presentConcern,
      ),
      hot_rule: hotRuleText,
    }),
  );

  app.post(
    '/api/v1/consultations/:id/concerns',
    {
      config: self,
      schema: {
        tags,
        summary: 'Add a concern by hand',
        params: IdParams,
        body: AddConcernBody,
        response: { 201: CreatedSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send({
        id: await addConcern(context, principalOf(request), request.params.id, request.body),
      }),
  );

  app.post(
    '/api/v1/consultations/:id/rings/:ringId/concerns/group',
    {
      config: self,
      schema: {
        tags,
        summary: "Group a ring's reasons into concerns",
        params: RingParams,
        response: { 200: GroupedSchema, ...errorResponses },
      },
    },
    async (request) => ({
      concerns: await groupConcerns(
        context,
        principalOf(request),
        request.params.id,
        request.params.ringId,
      ),
    }),
  );

  app.post(
    '/api/v1/consultations/:id/concerns/:concernId/merge',
    {
      config: self,
      schema: {
        tags,
        summary: 'Merge concerns into this one',
        params: ConcernParams,
        body: MergeConcernsBody,
        response: { ...noContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      await mergeConcerns(
        context,
        principalOf(request),
        request.params.id,
        request.params.concernId,
        request.body.concern_ids,
      );
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/consultations/:id/concerns/:concernId/split',
    {
      config: self,
      schema: {
        tags,
        summary: 'Split responses out of a concern',
        params: ConcernParams,
        body: SplitConcernBody,
        response: { 201: CreatedSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send({
        id: await splitConcern(
          context,
          principalOf(request),
          request.params.id,
          request.params.concernId,
          request.body,
        ),
      }),
  );

  app.patch(
    '/api/v1/consultations/:id/concerns/:concernId',
    {
      config: self,
      schema: {
        tags,
        summary: 'Answer a concern (disposition)',
        params: ConcernParams,
        body: DispositionBody,
        response: { ...noContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      await setDisposition(
        context,
        principalOf(request),
        request.params.id,
        request.params.concernId,
        request.body,
      );
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/consultations/:id/revocations',
    {
      config: self,
      schema: {
        tags,
        summary: "Revoke a person's access",
        params: IdParams,
        body: RevocationBody,
        response: { ...noContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      await revokePerson(context, principalOf(request), request.params.id, request.body);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/consultations/:id/notice',
    {
      config: participant,
      schema: {
        tags,
        summary: "The partner's confidentiality notice to accept before reading (partners)",
        params: IdParams,
        response: { 200: NoticeSchema, ...errorResponses },
      },
    },
    async (request) => noticeFor(context, viewerOf(request, request.params.id), request.params.id),
  );

  app.post(
    '/api/v1/consultations/:id/notice',
    {
      config: participant,
      schema: {
        tags,
        summary: "Accept the partner's confidentiality notice in the version shown",
        params: IdParams,
        body: AcceptNoticeBody,
        response: { ...noContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      await acceptNotice(
        context,
        viewerOf(request, request.params.id),
        request.params.id,
        request.body.version,
      );
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/consultations/:id/views',
    {
      config: self,
      schema: {
        tags,
        summary: 'Who saw which version (owner)',
        params: IdParams,
        response: { 200: ViewsSchema, ...errorResponses },
      },
    },
    async (request) => ({ data: await viewsFor(context, principalOf(request), request.params.id) }),
  );
}
