import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { errorResponses, IdParams, principalOf } from '../../server/route-types.js';
import { credibilityOf } from './credibility.service.js';
import {
  createDecision,
  decisionDetail,
  decisionsOf,
  reopenDecision,
  transitionDecision,
  updateDecisionDetails,
} from './decision.service.js';
import { mergeDecision, splitDecision } from './decision-merge.service.js';
import {
  decisionsLinkedToMessage,
  linkedFeedbackOf,
  linkFeedback,
  unlinkFeedback,
} from './feedback.service.js';
import {
  credibilityCsv,
  presentCredibility,
  presentDecision,
  presentDecisionDetail,
  presentFeedbackItem,
  presentSuggestions,
} from './ledger.presenter.js';
import {
  CreateDecisionBody,
  CredibilityQuery,
  CredibilityReportSchema,
  DecisionDetailSchema,
  DecisionListSchema,
  DecisionSchema,
  DecisionSuggestionsSchema,
  DecisionsOfMessageSchema,
  FeedbackItemParams,
  FeedbackListSchema,
  LinkFeedbackBody,
  LinkResultSchema,
  ListDecisionsQuery,
  MergeBody,
  NoContent,
  ReopenBody,
  SplitBody,
  TransitionBody,
  UpdateDecisionBody,
} from './ledger.schema.js';
import { registerLoopPublicRoutes } from './loop-public.routes.js';
import { suggestDecisions } from './suggestion.service.js';

const tags = ['ledger'];
const conflict = { 409: errorResponses[400] };

export function registerLedgerRoutes(base: FastifyInstance, context: AppContext): void {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  registerLoopPublicRoutes(base, context);

  app.get(
    '/api/v1/decisions',
    {
      config: { permission: 'ledger:read' },
      schema: {
        tags,
        summary: 'Decisions of the ledger, newest first',
        querystring: ListDecisionsQuery,
        response: { 200: DecisionListSchema, ...errorResponses },
      },
    },
    async (request) => {
      const page = await decisionsOf(context, principalOf(request), request.query);
      return {
        data: page.decisions.map((decision) => presentDecision(decision, page.counts)),
        next_cursor: page.nextCursor,
      };
    },
  );

  app.post(
    '/api/v1/decisions',
    {
      config: { permission: 'ledger:write' },
      schema: {
        tags,
        summary: 'Create a decision (a change record), in state received',
        body: CreateDecisionBody,
        response: { 201: DecisionSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          presentDecision(
            await createDecision(context, principalOf(request), request.body),
            new Map(),
          ),
        ),
  );

  app.get(
    '/api/v1/decisions/:id',
    {
      config: { permission: 'ledger:read' },
      schema: {
        tags,
        summary: 'A decision with its history (every step, link, merge and split)',
        params: IdParams,
        response: { 200: DecisionDetailSchema, ...errorResponses },
      },
    },
    async (request) =>
      presentDecisionDetail(await decisionDetail(context, principalOf(request), request.params.id)),
  );

  app.patch(
    '/api/v1/decisions/:id',
    {
      config: { permission: 'ledger:write' },
      schema: {
        tags,
        summary: "Change a decision's title, public description, owner or team",
        params: IdParams,
        body: UpdateDecisionBody,
        response: { 200: DecisionSchema, ...errorResponses, ...conflict },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      await updateDecisionDetails(context, principal, request.params.id, request.body);
      return presentDecisionDetail(await decisionDetail(context, principal, request.params.id))
        .decision;
    },
  );

  app.post(
    '/api/v1/decisions/:id/transitions',
    {
      config: { permission: 'ledger:write' },
      schema: {
        tags,
        summary: 'Move a decision forward (decided needs an outcome; not changing needs a reason)',
        params: IdParams,
        body: TransitionBody,
        response: { 200: DecisionSchema, ...errorResponses, ...conflict },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      await transitionDecision(context, principal, request.params.id, request.body);
      return presentDecisionDetail(await decisionDetail(context, principal, request.params.id))
        .decision;
    },
  );

  app.post(
    '/api/v1/decisions/:id/reopen',
    {
      config: { permission: 'ledger:write' },
      schema: {
        tags,
        summary: 'Reopen a decided decision (back to under consideration, with a reason)',
        params: IdParams,
        body: ReopenBody,
        response: { 200: DecisionSchema, ...errorResponses, ...conflict },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      await reopenDecision(context, principal, request.params.id, request.body);
      return presentDecisionDetail(await decisionDetail(context, principal, request.params.id))
        .decision;
    },
  );

  app.get(
    '/api/v1/decisions/:id/feedback',
    {
      config: { permission: 'ledger:read' },
      schema: {
        tags,
        summary: 'The feedback linked to a decision (texts read from the messages, not copied)',
        params: IdParams,
        response: { 200: FeedbackListSchema, ...errorResponses },
      },
    },
    async (request) => ({
      data: (await linkedFeedbackOf(context, principalOf(request), request.params.id)).map(
        presentFeedbackItem,
      ),
    }),
  );

  app.post(
    '/api/v1/decisions/:id/feedback',
    {
      config: { permission: 'feedback:write' },
      schema: {
        tags,
        summary: "Link feedback: customers' messages, a whole theme, or a manual entry",
        params: IdParams,
        body: LinkFeedbackBody,
        response: { 200: LinkResultSchema, ...errorResponses, ...conflict },
      },
    },
    async (request) => {
      const result = await linkFeedback(
        context,
        principalOf(request),
        request.params.id,
        request.body,
      );
      return {
        linked: result.linked,
        already_linked: result.alreadyLinked,
        feedback_count: result.feedbackCount,
      };
    },
  );

  app.delete(
    '/api/v1/decisions/:id/feedback/:itemId',
    {
      config: { permission: 'feedback:write' },
      schema: {
        tags,
        summary: 'Unlink a feedback item from a decision (the item stays for other decisions)',
        params: FeedbackItemParams,
        response: { 204: NoContent, ...errorResponses, ...conflict },
      },
    },
    async (request, reply) => {
      await unlinkFeedback(context, principalOf(request), request.params.id, request.params.itemId);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/decisions/:id/merge',
    {
      config: { permission: 'ledger:write' },
      schema: {
        tags,
        summary: 'Merge a duplicate decision into another (its feedback moves along)',
        params: IdParams,
        body: MergeBody,
        response: { 200: DecisionSchema, ...errorResponses, ...conflict },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const target = await mergeDecision(context, principal, request.params.id, request.body);
      return presentDecisionDetail(await decisionDetail(context, principal, target.id)).decision;
    },
  );

  app.post(
    '/api/v1/decisions/:id/split',
    {
      config: { permission: 'ledger:write' },
      schema: {
        tags,
        summary: 'Split some feedback off into a new decision that starts at the same state',
        params: IdParams,
        body: SplitBody,
        response: { 201: DecisionSchema, ...errorResponses, ...conflict },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const created = await splitDecision(context, principal, request.params.id, request.body);
      return reply
        .status(201)
        .send(presentDecisionDetail(await decisionDetail(context, principal, created.id)).decision);
    },
  );

  app.get(
    '/api/v1/reports/loop',
    {
      config: { permission: 'reports:read' },
      schema: {
        tags: ['reports'],
        summary:
          'The credibility gap: feedback acted on, answered, declined and left silent (docs/metrics.md)',
        querystring: CredibilityQuery,
        response: { 200: CredibilityReportSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const query = request.query;
      const to = query.to ? Date.parse(query.to) : Date.now();
      const from = query.from ? Date.parse(query.from) : to - 90 * 86_400_000;
      const options = {
        from,
        to,
        days: query.days ?? 14,
        groupBy: query.group_by ?? ('team' as const),
      };
      const report = await credibilityOf(context, principalOf(request).organisationId, options);
      if (query.format === 'csv') {
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="credibility.csv"')
          .send(credibilityCsv(report, options.groupBy));
      }
      return presentCredibility(report, options);
    },
  );

  app.get(
    '/api/v1/messages/:id/decision-suggestions',
    {
      config: { permission: 'ledger:read' },
      schema: {
        tags,
        summary:
          '"This looks like decision X": open decisions whose feedback shares the message\'s near-duplicate cluster or theme',
        params: IdParams,
        response: { 200: DecisionSuggestionsSchema, ...errorResponses },
      },
    },
    async (request) =>
      presentSuggestions(await suggestDecisions(context, principalOf(request), request.params.id)),
  );

  app.get(
    '/api/v1/messages/:id/decisions',
    {
      config: { permission: 'ledger:read' },
      schema: {
        tags,
        summary: 'The decisions a message is linked to (shown in the conversation view)',
        params: IdParams,
        response: { 200: DecisionsOfMessageSchema, ...errorResponses },
      },
    },
    async (request) => ({
      data: await decisionsLinkedToMessage(context, principalOf(request), request.params.id),
    }),
  );
}
