import { Type } from '@sinclair/typebox';
import type { getConversationDetail, listForPrincipal } from './conversation.service.js';

/** Instants leave the API as ISO 8601 strings in UTC. */
export function iso(epochMilliseconds: number): string;
export function iso(epochMilliseconds: number | null): string | null;
export function iso(epochMilliseconds: number | null): string | null {
  return epochMilliseconds === null ? null : new Date(epochMilliseconds).toISOString();
}

const Nullable = <T extends ReturnType<typeof Type.Object>>(schema: T) =>
  Type.Union([schema, Type.Null()]);

const SentimentValue = Type.Union(
  [Type.Literal('negative'), Type.Literal('neutral'), Type.Literal('positive'), Type.Null()],
  {
    description:
      "An agent's correction when there is one, else the model's label; null before classification.",
  },
);

export const MoodPointSchema = Type.Object({
  message_id: Type.Integer(),
  at: Type.String({ description: 'When the customer wrote it.' }),
  sentiment: SentimentValue,
  score: Type.Union([Type.Number(), Type.Null()], {
    description:
      "The model's polarity, P(positive) - P(negative), -1..1 (kept when an agent corrected the label).",
  }),
  anger: Type.Union([Type.Number(), Type.Null()], {
    description: "The anger model's probability, 0..1.",
  }),
  angry: Type.Boolean({
    description:
      "An agent's anger correction when there is one, else anger >= 0.5 (as the inbox badge reads it).",
  }),
  corrected: Type.Boolean({ description: 'An agent corrected the sentiment label.' }),
});

export const ConversationSummarySchema = Type.Object({
  id: Type.Integer(),
  status: Type.String(),
  priority: Type.String(),
  priority_reason: Type.Union([Type.String(), Type.Null()]),
  message_count: Type.Integer(),
  channel: Type.String(),
  channel_account: Type.Object({ id: Type.Integer(), handle: Type.String() }),
  team: Nullable(Type.Object({ id: Type.Integer(), name: Type.String() })),
  assignee: Nullable(Type.Object({ id: Type.Integer(), name: Type.String() })),
  contact: Nullable(
    Type.Object({ id: Type.Integer(), name: Type.Union([Type.String(), Type.Null()]) }),
  ),
  first_message_at: Type.String(),
  last_message_at: Type.String(),
  last_inbound_at: Type.Union([Type.String(), Type.Null()]),
  last_outbound_at: Type.Union([Type.String(), Type.Null()]),
  preview: Type.String({ description: 'The start of the latest public message.' }),
  labels: Type.Array(
    Type.Object({ id: Type.Integer(), name: Type.String(), colour: Type.String() }),
  ),
  latest_customer_sentiment: Type.Union([MoodPointSchema, Type.Null()], {
    description:
      "The mood of the conversation's latest public customer message (the one the sentiment and angry filters read); null when the customer has not written.",
  }),
  sla: Type.Union([
    Type.Object({
      policy_id: Type.Union([Type.Integer(), Type.Null()]),
      first_response_due_at: Type.Union([Type.String(), Type.Null()]),
      first_response_breached_at: Type.Union([Type.String(), Type.Null()]),
      next_due_at: Type.Union([Type.String(), Type.Null()]),
      paused: Type.Boolean(),
    }),
    Type.Null(),
  ]),
  created_at: Type.String(),
  updated_at: Type.String(),
});

export const MessageSchema = Type.Object({
  id: Type.Integer(),
  channel: Type.String(),
  external_id: Type.Union([Type.String(), Type.Null()]),
  in_reply_to: Type.Union([Type.String(), Type.Null()]),
  direction: Type.String(),
  author: Type.Object({
    handle: Type.Union([Type.String(), Type.Null()]),
    name: Type.Union([Type.String(), Type.Null()]),
    contact_id: Type.Union([Type.Integer(), Type.Null()]),
    user_id: Type.Union([Type.Integer(), Type.Null()]),
  }),
  text: Type.String(),
  private_note: Type.Boolean(),
  created_at: Type.String(),
  received_at: Type.String(),
  classification: Type.Union([
    Type.Object({
      sentiment: Type.String(),
      sentiment_score: Type.Number({ description: 'P(positive) - P(negative), -1..1' }),
      anger: Type.Number({ description: 'probability of anger, 0..1' }),
      complaint: Type.Number({ description: 'probability that it needs attention, 0..1' }),
      intent: Type.String(),
      intent_score: Type.Number(),
      language: Type.String({ description: 'ISO 639-1 code, `und` when undetermined' }),
      churn_risk: Type.Union([Type.String(), Type.Null()]),
      model_versions: Type.String(),
      corrections: Type.Record(Type.String(), Type.String(), {
        description: 'Labels agents gave this message, by task (they become training examples)',
      }),
    }),
    Type.Null(),
  ]),
});

export const ConversationListSchema = Type.Object({
  data: Type.Array(ConversationSummarySchema),
  next_cursor: Type.Union([Type.String(), Type.Null()]),
});

export const SentimentTrajectorySchema = Type.Object(
  {
    points: Type.Array(MoodPointSchema, {
      description: 'One per public customer message, in thread order.',
    }),
    summary: Type.Object({
      first: SentimentValue,
      latest: SentimentValue,
      trend: Type.Union(
        [Type.Literal('improving'), Type.Literal('worsening'), Type.Literal('steady'), Type.Null()],
        {
          description:
            'The latest classified customer message against the first: a better label (negative < neutral < positive) is improving, a worse one worsening; with the same label, turning angry is worsening and calming down improving; else steady. Null with fewer than two classified customer messages.',
        },
      ),
    }),
  },
  { description: "The customer's sentiment over the conversation." },
);

export const ConversationDetailSchema = Type.Object({
  conversation: ConversationSummarySchema,
  sentiment_trajectory: SentimentTrajectorySchema,
  messages: Type.Array(MessageSchema),
  contact: Type.Union([
    Type.Object({
      id: Type.Integer(),
      name: Type.Union([Type.String(), Type.Null()]),
      identities: Type.Array(
        Type.Object({ id: Type.Integer(), channel: Type.String(), handle: Type.String() }),
      ),
    }),
    Type.Null(),
  ]),
});

type Row = Awaited<ReturnType<typeof listForPrincipal>>['rows'][number];
type Detail = Awaited<ReturnType<typeof getConversationDetail>>;
type MoodPoint = NonNullable<Row['latestCustomerMood']>;

function presentMoodPoint(point: MoodPoint) {
  return {
    message_id: point.messageId,
    at: iso(point.at),
    sentiment: point.sentiment,
    score: point.score,
    anger: point.anger,
    angry: point.angry,
    corrected: point.corrected,
  };
}

export function presentConversation(row: Row) {
  return {
    id: row.id,
    status: row.status,
    priority: row.priority,
    priority_reason: row.priority_reason,
    message_count: row.message_count,
    channel: row.channel,
    channel_account: { id: row.channel_account_id, handle: row.channel_account_handle },
    team:
      row.team_id !== null && row.team_name !== null
        ? { id: row.team_id, name: row.team_name }
        : null,
    assignee:
      row.assignee_id !== null && row.assignee_name !== null
        ? { id: row.assignee_id, name: row.assignee_name }
        : null,
    contact: row.contact_id !== null ? { id: row.contact_id, name: row.contact_name } : null,
    first_message_at: iso(row.first_message_at),
    last_message_at: iso(row.last_message_at),
    last_inbound_at: iso(row.last_inbound_at),
    last_outbound_at: iso(row.last_outbound_at),
    preview: (row.preview ?? '').slice(0, 160),
    labels: row.labels,
    latest_customer_sentiment: row.latestCustomerMood
      ? presentMoodPoint(row.latestCustomerMood)
      : null,
    sla:
      row.sla_policy_id === null && row.sla_next_due_at === null
        ? null
        : {
            policy_id: row.sla_policy_id,
            first_response_due_at: iso(row.sla_first_response_due_at),
            first_response_breached_at: iso(row.sla_first_response_breached_at),
            next_due_at: iso(row.sla_next_due_at),
            paused: row.sla_paused === 1,
          },
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
  };
}

export function presentDetail(detail: Detail) {
  return {
    conversation: presentConversation(detail.conversation),
    sentiment_trajectory: {
      points: detail.trajectory.points.map(presentMoodPoint),
      summary: {
        first: detail.trajectory.first,
        latest: detail.trajectory.latest,
        trend: detail.trajectory.trend,
      },
    },
    messages: detail.messages.map((message) => ({
      id: message.id,
      channel: message.channel,
      external_id: message.external_id,
      in_reply_to: message.in_reply_to_external_id,
      direction: message.direction,
      author: {
        handle: message.author_handle,
        name: message.author_name,
        contact_id: message.author_contact_id,
        user_id: message.author_user_id,
      },
      text: message.text,
      private_note: message.is_private_note === 1,
      created_at: iso(message.created_at),
      received_at: iso(message.received_at),
      classification:
        message.sentiment === null
          ? null
          : {
              sentiment: message.sentiment,
              sentiment_score: message.sentiment_score ?? 0,
              anger: message.anger_score ?? 0,
              complaint: message.complaint_score ?? 0,
              intent: message.intent ?? '',
              intent_score: message.intent_score ?? 0,
              language: message.language ?? 'und',
              churn_risk: message.churn_risk,
              model_versions: message.classifier_version ?? '',
              corrections: detail.corrections.get(message.id) ?? {},
            },
    })),
    contact: detail.contact
      ? {
          id: detail.contact.id,
          name: detail.contact.name,
          identities: detail.identities.map((identity) => ({
            id: identity.id,
            channel: identity.channel,
            handle: identity.handle,
          })),
        }
      : null,
  };
}
