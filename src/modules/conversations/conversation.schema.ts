import { Type } from '@sinclair/typebox';
import { refTo } from '../../server/route-types.js';

const Status = Type.Union([
  Type.Literal('open'),
  Type.Literal('pending'),
  Type.Literal('snoozed'),
  Type.Literal('resolved'),
]);
const PriorityValue = Type.Union([
  Type.Literal('low'),
  Type.Literal('normal'),
  Type.Literal('high'),
  Type.Literal('urgent'),
]);

export const ListQuerystring = Type.Object(
  {
    status: Type.Optional(Status),
    team_id: Type.Optional(Type.Integer({ minimum: 1 })),
    team: Type.Optional(
      Type.Literal('mine', {
        description:
          "Only conversations of the teams the signed-in user is a member of (one request for the inbox's My teams view).",
      }),
    ),
    assignee_id: Type.Optional(Type.Integer({ minimum: 1 })),
    unassigned: Type.Optional(Type.Boolean()),
    channel_account_id: Type.Optional(Type.Integer({ minimum: 1 })),
    contact_id: Type.Optional(Type.Integer({ minimum: 1 })),
    priority: Type.Optional(PriorityValue),
    label_id: Type.Optional(Type.Integer({ minimum: 1 })),
    sentiment: Type.Optional(
      Type.Union([Type.Literal('negative'), Type.Literal('neutral'), Type.Literal('positive')], {
        description:
          "Sentiment of the conversation's latest customer message (an agent's correction wins).",
      }),
    ),
    angry: Type.Optional(
      Type.Boolean({
        description:
          'true: the latest customer message reads angry (corrected by an agent, or anger probability >= 0.5); false: it does not.',
      }),
    ),
    sla_due_within_minutes: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 100_000,
        description: 'Only conversations whose next SLA clock is due within this many minutes.',
      }),
    ),
    sort: Type.Optional(
      Type.Union(
        [
          Type.Literal('last_activity'),
          Type.Literal('priority'),
          Type.Literal('waiting'),
          Type.Literal('sla_due'),
        ],
        {
          description:
            'last_activity (default), priority, waiting (longest-waiting first) or sla_due.',
        },
      ),
    ),
    q: Type.Optional(
      Type.String({ minLength: 1, maxLength: 200, description: 'Text search in messages.' }),
    ),
    cursor: Type.Optional(Type.String({ maxLength: 100 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);

export const ChangeBody = Type.Object(
  {
    status: Type.Optional(Status),
    priority: Type.Optional(PriorityValue),
    assignee_id: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
    team_id: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
  },
  { additionalProperties: false, minProperties: 1 },
);

const Nullable = <T extends ReturnType<typeof Type.Object>>(schema: T) =>
  Type.Union([schema, Type.Null()]);

const SentimentValue = Type.Union(
  [Type.Literal('negative'), Type.Literal('neutral'), Type.Literal('positive'), Type.Null()],
  {
    description:
      "An agent's correction when there is one, else the model's label; null before classification.",
  },
);

/**
 * Shapes that several answers share carry an `$id`: the routes refer to them (`Type.Ref`) and
 * `conversationSchemas` registers each once, so the OpenAPI document and the web contract hold
 * each shape once.
 */
export const MoodPointSchema = Type.Object(
  {
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
  },
  { $id: 'MoodPoint' },
);

export const ConversationSummarySchema = Type.Object(
  {
    id: Type.Integer(),
    status: Type.String(),
    priority: Type.String(),
    priority_reason: Type.Union([Type.String(), Type.Null()]),
    bypass: Nullable(
      Type.Object(
        {
          earlier_conversation_id: Type.Integer(),
          earlier_channel: Type.String(),
          earlier_age_seconds: Type.Integer(),
        },
        {
          description:
            'Social bypass (docs/metrics.md): the unresolved conversation on another channel the customer had when they wrote here, and its age then.',
        },
      ),
    ),
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
    latest_customer_sentiment: Type.Union([refTo(MoodPointSchema), Type.Null()], {
      description:
        "The mood of the conversation's latest public customer message (the one the sentiment and angry filters read); null when the customer has not written.",
    }),
    search_match: Type.Optional(
      Type.Object(
        {
          message_id: Type.Integer(),
          private_note: Type.Boolean(),
          snippet: Type.String({ description: 'The message around its first match, on one line.' }),
          matches: Type.Array(
            Type.Object({
              start: Type.Integer({ minimum: 0 }),
              length: Type.Integer({ minimum: 1 }),
            }),
            { description: 'Where the search text is in the snippet (UTF-16 offsets).' },
          ),
        },
        {
          description:
            'Only in a search (q): the latest message holding the text, to show why the conversation matched.',
        },
      ),
    ),
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
  },
  { $id: 'ConversationSummary' },
);

const MessageSchema = Type.Object({
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
  data: Type.Array(refTo(ConversationSummarySchema)),
  next_cursor: Type.Union([Type.String(), Type.Null()]),
});

const SentimentTrajectorySchema = Type.Object(
  {
    points: Type.Array(refTo(MoodPointSchema), {
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

export const ConversationDetailSchema = Type.Object(
  {
    conversation: refTo(ConversationSummarySchema),
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
  },
  { $id: 'ConversationDetail' },
);

export const conversationSchemas = [
  MoodPointSchema,
  ConversationSummarySchema,
  ConversationDetailSchema,
];
