import { Type } from '@sinclair/typebox';
import type { StoredRule } from './routing-rule.repository.js';
import type { QueueRow } from './team-queue.repository.js';
import type { getAgents, getMembers } from './team-routing.service.js';

const iso = (value: number) => new Date(value).toISOString();
const isoOrNull = (value: number | null) => (value === null ? null : iso(value));
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
  { additionalProperties: false },
);

export const RuleSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  position: Type.Integer(),
  enabled: Type.Boolean(),
  conditions: ConditionsSchema,
  team_id: Type.Integer(),
  priority: Type.Union([PriorityValue, Type.Null()]),
  label_id: NullableInteger,
  created_at: Type.String(),
  updated_at: Type.String(),
});

export function presentRule(rule: StoredRule) {
  return {
    id: rule.id,
    name: rule.name,
    position: rule.position,
    enabled: rule.enabled,
    conditions: rule.conditions,
    team_id: rule.action.teamId,
    priority: rule.action.priority,
    label_id: rule.action.labelId,
    created_at: iso(rule.createdAt),
    updated_at: iso(rule.updatedAt),
  };
}

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

export function presentQueueItem(row: QueueRow) {
  return {
    id: row.id,
    status: row.status,
    priority: row.priority,
    channel_account_id: row.channel_account_id,
    contact_id: row.contact_id,
    message_count: row.message_count,
    first_message_at: iso(row.first_message_at),
    last_message_at: iso(row.last_message_at),
    last_inbound_at: isoOrNull(row.last_inbound_at),
    sla_due_at: isoOrNull(row.next_due_at === null ? null : Number(row.next_due_at)),
  };
}

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

export function presentMember(row: Awaited<ReturnType<typeof getMembers>>[number]) {
  return {
    user_id: row.user_id,
    name: row.name,
    email: row.email,
    role: row.role,
    availability: row.status ?? ('offline' as const),
    capacity: row.capacity,
    last_assigned_at: isoOrNull(row.last_assigned_at),
  };
}

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

export function presentAgent(row: Awaited<ReturnType<typeof getAgents>>[number]) {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    availability: row.status,
    effective_availability: row.effective,
    capacity: row.capacity,
    open_conversations: row.openCount,
    last_activity_at: row.lastActivity > 0 ? iso(row.lastActivity) : null,
  };
}

export const FollowTheSunSchema = Type.Object({
  team_id: Type.Integer(),
  handoff_team_id: Type.Integer(),
  enabled: Type.Boolean(),
  handback_at: NullableString,
});

export function presentFollowTheSun(row: {
  team_id: number;
  handoff_team_id: number;
  enabled: number;
  handback_at: number | null;
}) {
  return {
    team_id: row.team_id,
    handoff_team_id: row.handoff_team_id,
    enabled: row.enabled === 1,
    handback_at: isoOrNull(row.handback_at),
  };
}
