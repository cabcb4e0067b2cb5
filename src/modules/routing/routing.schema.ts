import { Type } from '@sinclair/typebox';
import { errorResponses, IdParams, refTo } from '../../server/route-types.js';

/** The routing routes' schemas (the OpenAPI document is generated from them). */
const NullableString = Type.Union([Type.String(), Type.Null()]);

const NullableInteger = Type.Union([Type.Integer(), Type.Null()]);

export const PriorityValue = Type.Union([
  Type.Literal('low'),
  Type.Literal('normal'),
  Type.Literal('high'),
  Type.Literal('urgent'),
]);

const Values = (pattern: string) =>
  Type.Array(Type.String({ minLength: 1, maxLength: 100, pattern }), {
    minItems: 1,
    maxItems: 100,
  });

export const ConditionsSchema = Type.Object(
  {
    channel_account_ids: Type.Optional(
      Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 100 }),
    ),
    keywords: Type.Optional(Values('\\S')),
    languages: Type.Optional(Values('^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})?$')),
    intents: Type.Optional(Values('\\S')),
    contact_attributes: Type.Optional(
      Type.Record(Type.String({ pattern: '^[a-z_]{1,40}$' }), Values('\\S'), {
        maxProperties: 10,
      }),
    ),
  },
  { additionalProperties: false, $id: 'RoutingConditions' },
);

export const RuleSchema = Type.Object(
  {
    id: Type.Integer(),
    name: Type.String(),
    position: Type.Integer(),
    enabled: Type.Boolean(),
    conditions: refTo(ConditionsSchema),
    team_id: Type.Integer(),
    priority: Type.Union([PriorityValue, Type.Null()]),
    label_id: NullableInteger,
    created_at: Type.String(),
    updated_at: Type.String(),
  },
  { $id: 'RoutingRule' },
);

export const QueueItemSchema = Type.Object({
  id: Type.Integer(),
  status: Type.String(),
  priority: Type.String(),
  channel_account_id: Type.Integer(),
  contact_id: NullableInteger,
  message_count: Type.Integer(),
  first_message_at: Type.String(),
  last_message_at: Type.String(),
  last_inbound_at: NullableString,
  sla_due_at: NullableString,
});

export const AvailabilityValue = Type.Union([
  Type.Literal('available'),
  Type.Literal('away'),
  Type.Literal('offline'),
]);

export const MemberSchema = Type.Object({
  user_id: Type.Integer(),
  name: Type.String(),
  email: Type.String(),
  role: Type.Union([Type.Literal('member'), Type.Literal('lead')]),
  availability: AvailabilityValue,
  capacity: NullableInteger,
  last_assigned_at: NullableString,
});

export const AgentSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  role: Type.String(),
  availability: AvailabilityValue,
  effective_availability: AvailabilityValue,
  capacity: NullableInteger,
  open_conversations: Type.Integer(),
  last_activity_at: NullableString,
});

export const FollowTheSunSchema = Type.Object(
  {
    team_id: Type.Integer(),
    handoff_team_id: Type.Integer(),
    enabled: Type.Boolean(),
    handback_at: NullableString,
  },
  { $id: 'FollowTheSun' },
);

const RuleFields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  enabled: Type.Optional(Type.Boolean()),
  conditions: refTo(ConditionsSchema),
  team_id: Type.Integer({ minimum: 1 }),
  priority: Type.Optional(Type.Union([PriorityValue, Type.Null()])),
  label_id: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
  position: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
};

const SettingsSchema = Type.Object({
  default_team_id: Type.Union([Type.Integer(), Type.Null()]),
});

const MemberParams = Type.Object({
  id: Type.Integer({ minimum: 1 }),
  userId: Type.Integer({ minimum: 1 }),
});
export const MembersResponse = Type.Object(
  { data: Type.Array(MemberSchema) },
  { $id: 'TeamMembers' },
);
const AvailabilityResponse = Type.Object({
  availability: AvailabilityValue,
  released_conversations: Type.Integer(),
});

export const listRulesSchema = {
  tags: ['routing'],
  summary: 'Routing rules in the order they are evaluated (first match wins)',
  response: { 200: Type.Object({ data: Type.Array(refTo(RuleSchema)) }), ...errorResponses },
};

export const createRuleSchema = {
  tags: ['routing'],
  summary: 'Create a routing rule (at the end, or at `position`)',
  body: Type.Object(RuleFields, { additionalProperties: false }),
  response: { 201: refTo(RuleSchema), ...errorResponses },
};

export const changeRuleSchema = {
  tags: ['routing'],
  summary: 'Change a routing rule or move it to another position',
  params: IdParams,
  body: Type.Partial(Type.Object(RuleFields), {
    additionalProperties: false,
    minProperties: 1,
  }),
  response: { 200: refTo(RuleSchema), ...errorResponses },
};

const PreviewExample = Type.Object({
  conversation_id: Type.Integer(),
  created_at: Type.String(),
  /** The start of the founding customer message (plain text, never HTML). */
  excerpt: Type.String(),
  team_id: NullableInteger,
  team_after: NullableInteger,
});

export const RulePreviewSchema = Type.Object(
  {
    considered: Type.Integer({ description: 'Recent conversations looked at (at most 100).' }),
    matched: Type.Integer(),
    would_move: Type.Integer({ description: 'Matched conversations now in another team.' }),
    examples: Type.Array(PreviewExample, { description: 'Up to 10 matches, newest first.' }),
  },
  { $id: 'RoutingRulePreview' },
);

/** Shapes that several routes share, registered once (`Type.Ref` points at them). */
export const routingSchemas = [ConditionsSchema, RuleSchema, RulePreviewSchema];

export const previewRuleSchema = {
  tags: ['routing'],
  summary:
    'What a draft rule would have matched among the last 100 conversations (nothing is changed)',
  body: Type.Object(RuleFields, { additionalProperties: false }),
  response: { 200: refTo(RulePreviewSchema), ...errorResponses },
};

export const deleteRuleSchema = {
  tags: ['routing'],
  summary: 'Delete a routing rule',
  params: IdParams,
  response: { 204: Type.Null(), ...errorResponses },
};

export const reorderRulesSchema = {
  tags: ['routing'],
  summary: 'Set the order of all rules at once',
  body: Type.Object(
    { ids: Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 10_000 }) },
    { additionalProperties: false },
  ),
  response: { 200: Type.Object({ data: Type.Array(refTo(RuleSchema)) }), ...errorResponses },
};

export const getSettingsSchema = {
  tags: ['routing'],
  summary: 'The default team: where a conversation goes when no rule or account decides',
  response: { 200: SettingsSchema, ...errorResponses },
};

export const putSettingsSchema = {
  tags: ['routing'],
  summary: 'Set the default team',
  body: Type.Object(
    { default_team_id: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]) },
    { additionalProperties: false },
  ),
  response: { 200: SettingsSchema, ...errorResponses },
};

export const teamQueueSchema = {
  tags: ['routing'],
  summary: "A team's unassigned open conversations, most urgent (SLA due time) first",
  params: IdParams,
  querystring: Type.Object(
    { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })) },
    { additionalProperties: false },
  ),
  response: {
    200: Type.Object({ data: Type.Array(QueueItemSchema), total: Type.Integer() }),
    ...errorResponses,
  },
};

export const listMembersSchema = {
  tags: ['routing'],
  summary: 'Members of a team with their availability',
  params: IdParams,
  response: { 200: refTo(MembersResponse), ...errorResponses },
};

export const putMemberSchema = {
  tags: ['routing'],
  summary: 'Add a user to a team, or change their role in it',
  params: MemberParams,
  body: Type.Object(
    { role: Type.Optional(Type.Union([Type.Literal('member'), Type.Literal('lead')])) },
    { additionalProperties: false },
  ),
  response: { 200: refTo(MembersResponse), ...errorResponses },
};

export const deleteMemberSchema = {
  tags: ['routing'],
  summary: 'Remove a user from a team (conversations they hold stay with them)',
  params: MemberParams,
  response: { 204: Type.Null(), ...errorResponses },
};

export const listAgentsSchema = {
  tags: ['routing'],
  summary: "Agents' availability, capacity and open conversations",
  response: { 200: Type.Object({ data: Type.Array(AgentSchema) }), ...errorResponses },
};

export const changeAgentSchema = {
  tags: ['routing'],
  summary: "Set an agent's capacity or availability (leads)",
  params: IdParams,
  body: Type.Object(
    {
      capacity: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
      availability: Type.Optional(AvailabilityValue),
    },
    { additionalProperties: false, minProperties: 1 },
  ),
  response: { 204: Type.Null(), ...errorResponses },
};

export const ownAvailabilitySchema = {
  tags: ['routing'],
  summary: 'Set yourself available, away or offline',
  body: Type.Object({ availability: AvailabilityValue }, { additionalProperties: false }),
  response: { 200: AvailabilityResponse, ...errorResponses },
};

export const listFollowTheSunSchema = {
  tags: ['routing'],
  summary: 'Follow-the-sun rules: which team takes over while a team is closed',
  response: {
    200: Type.Object({ data: Type.Array(refTo(FollowTheSunSchema)) }),
    ...errorResponses,
  },
};

export const putFollowTheSunSchema = {
  tags: ['routing'],
  summary: "Outside this team's hours, hand its new conversations to another team",
  params: IdParams,
  body: Type.Object(
    { handoff_team_id: Type.Integer({ minimum: 1 }), enabled: Type.Optional(Type.Boolean()) },
    { additionalProperties: false },
  ),
  response: { 200: refTo(FollowTheSunSchema), ...errorResponses },
};

export const deleteFollowTheSunSchema = {
  tags: ['routing'],
  summary: "Remove a team's follow-the-sun rule",
  params: IdParams,
  response: { 204: Type.Null(), ...errorResponses },
};

/** Shapes that several routes share, registered once (`refTo` points at them). */
export const teamRoutingSchemas = [MembersResponse, FollowTheSunSchema];
