import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';
import { errorResponses, IdParams, principalOf } from '../../server/route-types.js';
import type { SlaPolicy } from './sla-policy.js';
import type { PolicyInput } from './sla-policy.repository.js';
import { createPolicy, policiesOf, removePolicy, replacePolicy } from './sla-policy.service.js';
import { findSlaRow, listNotifications } from './sla-state.repository.js';

const PriorityValue = Type.Union(
  ['low', 'normal', 'high', 'urgent'].map((value) => Type.Literal(value)),
);
const Ids = Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 200 });
const Seconds = Type.Union([Type.Integer({ minimum: 1, maximum: 366 * 86_400 }), Type.Null()]);

const PolicyBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    position: Type.Optional(
      Type.Integer({ minimum: 0, description: 'Lower positions are tried first.' }),
    ),
    conditions: Type.Object(
      {
        channel_account_ids: Type.Optional(Ids),
        team_ids: Type.Optional(Ids),
        priorities: Type.Optional(Type.Array(PriorityValue, { maxItems: 4 })),
        tiers: Type.Optional(
          Type.Array(Type.String({ minLength: 1, maxLength: 50 }), { maxItems: 50 }),
        ),
      },
      { additionalProperties: false },
    ),
    first_response_seconds: Type.Optional(Seconds),
    next_response_seconds: Type.Optional(Seconds),
    resolution_seconds: Type.Optional(Seconds),
    business_hours: Type.Boolean({
      description: "Count in the team's business hours, or in calendar time.",
    }),
    warning_percent: Type.Optional(Type.Integer({ minimum: 1, maximum: 99, default: 75 })),
    escalation: Type.Optional(
      Type.Object(
        {
          notify_user_ids: Type.Optional(Ids),
          raise_priority_to: Type.Optional(PriorityValue),
          reassign_team_id: Type.Optional(Type.Integer({ minimum: 1 })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
type PolicyBodyValue = Static<typeof PolicyBody>;

const PolicySchema = Type.Object({
  id: Type.Integer(),
  ...PolicyBody.properties,
  position: Type.Integer(),
  first_response_seconds: Seconds,
  next_response_seconds: Seconds,
  resolution_seconds: Seconds,
  warning_percent: Type.Integer(),
  escalation: PolicyBody.properties.escalation.anyOf?.[0] ?? Type.Unknown(),
});

const seconds = (value: number | null | undefined) =>
  value === undefined || value === null ? null : value * 1000;
const toSeconds = (value: number | null) => (value === null ? null : Math.round(value / 1000));

function toInput(body: PolicyBodyValue, fallbackPosition: number): PolicyInput {
  return {
    name: body.name,
    position: body.position ?? fallbackPosition,
    conditions: body.conditions as PolicyInput['conditions'],
    firstResponseMs: seconds(body.first_response_seconds),
    nextResponseMs: seconds(body.next_response_seconds),
    resolutionMs: seconds(body.resolution_seconds),
    businessHours: body.business_hours,
    warningPercent: body.warning_percent ?? 75,
    escalation: (body.escalation ?? {}) as PolicyInput['escalation'],
  };
}

function present(policy: SlaPolicy) {
  return {
    id: policy.id,
    name: policy.name,
    position: policy.position,
    conditions: policy.conditions,
    first_response_seconds: toSeconds(policy.firstResponseMs),
    next_response_seconds: toSeconds(policy.nextResponseMs),
    resolution_seconds: toSeconds(policy.resolutionMs),
    business_hours: policy.businessHours,
    warning_percent: policy.warningPercent,
    escalation: policy.escalation,
  };
}

const iso = (value: number | null) => (value === null ? null : new Date(value).toISOString());
const NullableTime = Type.Union([Type.String(), Type.Null()]);
const ClockState = Type.Object({
  due_at: NullableTime,
  warned: Type.Boolean(),
  breached_at: NullableTime,
});

export function registerSlaRoutes(base: FastifyInstance, context: AppContext): void {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/v1/sla-policies',
    {
      config: { permission: 'conversations:read' },
      schema: {
        tags: ['sla'],
        summary: 'SLA policies, in the order they are tried',
        response: { 200: Type.Object({ data: Type.Array(PolicySchema) }), ...errorResponses },
      },
    },
    async (request) => ({
      data: (await policiesOf(context, principalOf(request))).map(present) as never,
    }),
  );

  app.post(
    '/api/v1/sla-policies',
    {
      config: { permission: 'settings:write' },
      schema: {
        tags: ['sla'],
        summary: 'Add an SLA policy',
        body: PolicyBody,
        response: { 201: PolicySchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const existing = await policiesOf(context, principal);
      const position = Math.max(-1, ...existing.map((policy) => policy.position)) + 1;
      const policy = await createPolicy(context, principal, toInput(request.body, position));
      return reply.status(201).send(present(policy) as never);
    },
  );

  app.put(
    '/api/v1/sla-policies/:id',
    {
      config: { permission: 'settings:write' },
      schema: {
        tags: ['sla'],
        summary: 'Replace an SLA policy',
        params: IdParams,
        body: PolicyBody,
        response: { 200: PolicySchema, ...errorResponses },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const current = (await policiesOf(context, principal)).find(
        (policy) => policy.id === request.params.id,
      );
      if (!current) throw notFound('SLA policy');
      return present(
        await replacePolicy(
          context,
          principal,
          current.id,
          toInput(request.body, current.position),
        ),
      ) as never;
    },
  );

  app.delete(
    '/api/v1/sla-policies/:id',
    {
      config: { permission: 'settings:write' },
      schema: {
        tags: ['sla'],
        summary: 'Delete an SLA policy',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await removePolicy(context, principalOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/conversations/:id/sla',
    {
      config: { permission: 'conversations:read' },
      schema: {
        tags: ['sla'],
        summary: "A conversation's applied SLA policy and its clocks",
        params: IdParams,
        response: {
          200: Type.Object({
            policy_id: Type.Union([Type.Integer(), Type.Null()]),
            next_due_at: NullableTime,
            paused: Type.Boolean(),
            first_response: ClockState,
            next_response: ClockState,
            resolution: ClockState,
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const row = await findSlaRow(
        context.database.db,
        principalOf(request).organisationId,
        request.params.id,
      );
      if (!row) {
        const none = { due_at: null, warned: false, breached_at: null };
        return {
          policy_id: null,
          next_due_at: null,
          paused: false,
          first_response: none,
          next_response: none,
          resolution: none,
        };
      }
      const clock = (due: number | null, warned: number, breached: number | null) => ({
        due_at: iso(due),
        warned: warned === 1,
        breached_at: iso(breached),
      });
      return {
        policy_id: row.policy_id,
        next_due_at: iso(row.next_due_at),
        paused: row.paused === 1,
        first_response: clock(
          row.first_response_due_at,
          row.first_response_warned,
          row.first_response_breached_at,
        ),
        next_response: clock(
          row.next_response_due_at,
          row.next_response_warned,
          row.next_response_breached_at,
        ),
        resolution: clock(row.resolution_due_at, row.resolution_warned, row.resolution_breached_at),
      };
    },
  );

  app.get(
    '/api/v1/notifications',
    {
      config: { permission: 'self' },
      schema: {
        tags: ['sla'],
        summary: 'Notifications for the signed-in user (SLA warnings and breaches), newest first',
        querystring: Type.Object(
          { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            data: Type.Array(
              Type.Object({
                id: Type.Integer(),
                type: Type.String(),
                conversation_id: Type.Union([Type.Integer(), Type.Null()]),
                data: Type.Unknown(),
                created_at: Type.String(),
                read_at: NullableTime,
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      if (principal.userId === null) return { data: [] };
      const rows = await listNotifications(
        context.database.db,
        principal.userId,
        request.query.limit ?? 50,
      );
      return {
        data: rows.map((row) => ({
          id: row.id,
          type: row.type,
          conversation_id: row.conversation_id,
          data: JSON.parse(row.data) as unknown,
          created_at: new Date(row.created_at).toISOString(),
          read_at: iso(row.read_at),
        })),
      };
    },
  );
}
