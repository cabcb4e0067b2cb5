import { type Static, Type } from '@sinclair/typebox';
import { refTo } from '../../server/route-types.js';

/** The SLA routes' request and response schemas (the OpenAPI document is generated from them). */
export const PriorityValue = Type.Union([
  Type.Literal('low'),
  Type.Literal('normal'),
  Type.Literal('high'),
  Type.Literal('urgent'),
]);
const Ids = Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 200 });
const Seconds = Type.Union([Type.Integer({ minimum: 1, maximum: 366 * 86_400 }), Type.Null()]);

export const PolicyBody = Type.Object(
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
  { additionalProperties: false, $id: 'SlaPolicyInput' },
);
export type PolicyBodyValue = Static<typeof PolicyBody>;

export const PolicySchema = Type.Object(
  {
    id: Type.Integer(),
    ...PolicyBody.properties,
    position: Type.Integer(),
    first_response_seconds: Seconds,
    next_response_seconds: Seconds,
    resolution_seconds: Seconds,
    warning_percent: Type.Integer(),
    // Published as free-form since the first version of the document; the body schema above
    // says what it holds.
    escalation: Type.Unknown(),
  },
  { $id: 'SlaPolicy' },
);

export const PolicyListSchema = Type.Object({ data: Type.Array(refTo(PolicySchema)) });

export const PolicyPreviewQuery = Type.Object(
  {
    policy_id: Type.Optional(
      Type.Integer({ minimum: 1, description: 'The policy being edited, if any.' }),
    ),
  },
  { additionalProperties: false },
);

export const PolicyPreviewSchema = Type.Object(
  {
    considered: Type.Integer({ description: 'Recent conversations looked at (at most 100).' }),
    matched: Type.Integer(),
    changes_policy: Type.Integer({
      description: 'Matched conversations that another policy, or none, governs today.',
    }),
    first_response_missed: Type.Union([Type.Integer(), Type.Null()], {
      description:
        'Matched conversations answered (or still waiting) later than the first-response ' +
        'target; null for business-hours policies or without that target.',
    }),
    examples: Type.Array(
      Type.Object({
        conversation_id: Type.Integer(),
        created_at: Type.String(),
        team_id: Type.Union([Type.Integer(), Type.Null()]),
        priority: PriorityValue,
        policy_id: Type.Union([Type.Integer(), Type.Null()]),
      }),
    ),
  },
  { $id: 'SlaPolicyPreview' },
);

/** Shapes that several routes share, registered once (`Type.Ref` points at them). */
export const slaSchemas = [PolicyBody, PolicySchema, PolicyPreviewSchema];

const NullableTime = Type.Union([Type.String(), Type.Null()]);
const ClockState = Type.Object({
  due_at: NullableTime,
  warned: Type.Boolean(),
  breached_at: NullableTime,
});

export const ConversationSlaSchema = Type.Object({
  policy_id: Type.Union([Type.Integer(), Type.Null()]),
  next_due_at: NullableTime,
  paused: Type.Boolean(),
  first_response: ClockState,
  next_response: ClockState,
  resolution: ClockState,
});

export const NotificationsQuery = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })) },
  { additionalProperties: false },
);

export const NotificationListSchema = Type.Object({
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
});
