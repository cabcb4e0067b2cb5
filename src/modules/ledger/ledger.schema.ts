import { Type } from '@sinclair/typebox';
import { Id } from '../../server/route-types.js';

const Text = (maxLength: number) => Type.String({ maxLength });
const Nullable = <T extends ReturnType<typeof Type.String> | ReturnType<typeof Type.Integer>>(
  schema: T,
) => Type.Union([schema, Type.Null()]);

const settableStateLiterals = [
  Type.Literal('received'),
  Type.Literal('acknowledged'),
  Type.Literal('under_consideration'),
  Type.Literal('decided'),
  Type.Literal('in_progress'),
  Type.Literal('shipped'),
  Type.Literal('confirmed'),
] as const;

export const DecisionStateSchema = Type.Union([...settableStateLiterals, Type.Literal('merged')], {
  description:
    'received, acknowledged, under_consideration, decided, in_progress, shipped, confirmed; merged when absorbed by another decision',
});
const SettableStateSchema = Type.Union([...settableStateLiterals]);
export const OutcomeSchema = Type.Union([
  Type.Literal('will_change'),
  Type.Literal('will_not_change'),
]);

export const DecisionSchema = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  public_description: Type.String(),
  owner_user_id: Nullable(Type.Integer()),
  team_id: Nullable(Type.Integer()),
  state: DecisionStateSchema,
  outcome: Type.Union([OutcomeSchema, Type.Null()]),
  merged_into_id: Nullable(Type.Integer()),
  feedback_count: Type.Integer({ description: 'Feedback items linked to the decision' }),
  people_count: Type.Integer({ description: 'Distinct people (contacts) behind that feedback' }),
  created_at: Type.String({ format: 'date-time' }),
  updated_at: Type.String({ format: 'date-time' }),
});

export const DecisionListSchema = Type.Object({
  data: Type.Array(DecisionSchema),
  next_cursor: Nullable(Type.String()),
});

export const DecisionEventSchema = Type.Object({
  id: Type.Integer(),
  kind: Type.String({
    description:
      'created, state_changed, reopened, feedback_linked, feedback_unlinked, merged_into, absorbed, split_off, split_from',
  }),
  from_state: Type.Union([DecisionStateSchema, Type.Null()]),
  to_state: Type.Union([DecisionStateSchema, Type.Null()]),
  outcome: Type.Union([OutcomeSchema, Type.Null()]),
  reason: Nullable(Type.String()),
  public_note: Nullable(Type.String()),
  published: Type.Boolean(),
  feedback_item_ids: Type.Array(Type.Integer()),
  other_decision_id: Nullable(Type.Integer()),
  actor_user_id: Nullable(Type.Integer()),
  created_at: Type.String({ format: 'date-time' }),
});

export const LoopFiguresSchema = Type.Object({
  told: Type.Integer({ description: 'loop notices sent to people linked to the decision' }),
  skipped: Type.Integer({ description: 'not sent: the person had opted out when it was due' }),
  failed: Type.Integer({ description: 'could not be sent (no address, refused, interrupted)' }),
  pending: Type.Integer({ description: 'waiting to be sent' }),
  check_back: Type.Object({
    yes: Type.Integer(),
    partly: Type.Integer(),
    no: Type.Integer(),
    believes_influence_yes: Type.Integer(),
    believes_influence_no: Type.Integer(),
  }),
});

export const DecisionDetailSchema = Type.Object({
  decision: DecisionSchema,
  events: Type.Array(DecisionEventSchema),
  loop: LoopFiguresSchema,
});

export const FeedbackItemSchema = Type.Object({
  id: Type.Integer(),
  source_kind: Type.String({ description: 'message or manual' }),
  source_id: Nullable(Type.Integer()),
  contact_id: Nullable(Type.Integer()),
  conversation_id: Nullable(Type.Integer()),
  channel: Nullable(Type.String()),
  team_id: Nullable(Type.Integer()),
  text: Nullable(
    Type.String({
      description:
        "The message's current text (read from the message, never copied) or the manual note",
    }),
  ),
  said_at: Type.String({ format: 'date-time' }),
  via: Type.String({
    description: 'How it was linked: message, theme:<id>, manual, merge or split',
  }),
  linked_at: Type.String({ format: 'date-time' }),
});

export const FeedbackListSchema = Type.Object({ data: Type.Array(FeedbackItemSchema) });

export const LinkResultSchema = Type.Object({
  linked: Type.Integer({ description: 'Feedback items newly linked' }),
  already_linked: Type.Integer(),
  feedback_count: Type.Integer(),
});

export const DecisionsOfMessageSchema = Type.Object({
  data: Type.Array(
    Type.Object({ id: Type.Integer(), title: Type.String(), state: DecisionStateSchema }),
  ),
});

export const ListDecisionsQuery = Type.Object(
  {
    state: Type.Optional(DecisionStateSchema),
    team_id: Type.Optional(Id),
    owner_user_id: Type.Optional(Id),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 40, pattern: '^[0-9]+$' })),
  },
  { additionalProperties: false },
);

const Title = Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' });

export const CreateDecisionBody = Type.Object(
  {
    title: Title,
    public_description: Type.Optional(Text(10_000)),
    owner_user_id: Type.Optional(Type.Union([Id, Type.Null()])),
    team_id: Type.Optional(Type.Union([Id, Type.Null()])),
  },
  { additionalProperties: false },
);

export const UpdateDecisionBody = Type.Object(
  {
    title: Type.Optional(Title),
    public_description: Type.Optional(Text(10_000)),
    owner_user_id: Type.Optional(Type.Union([Id, Type.Null()])),
    team_id: Type.Optional(Type.Union([Id, Type.Null()])),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const TransitionBody = Type.Object(
  {
    to: SettableStateSchema,
    outcome: Type.Optional(OutcomeSchema),
    reason: Type.Optional(Text(2_000)),
    public_note: Type.Optional(Text(5_000)),
    publish: Type.Optional(
      Type.Boolean({
        description: 'Publish the step: the people linked are told and it is public',
      }),
    ),
  },
  { additionalProperties: false },
);

export const ReopenBody = Type.Object(
  {
    reason: Type.String({ minLength: 1, maxLength: 2_000, pattern: '\\S' }),
    public_note: Type.Optional(Text(5_000)),
  },
  { additionalProperties: false },
);

export const LinkFeedbackBody = Type.Object(
  {
    message_ids: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 500, uniqueItems: true })),
    theme_id: Type.Optional(Id),
    manual: Type.Optional(
      Type.Object(
        {
          text: Type.String({ minLength: 1, maxLength: 5_000, pattern: '\\S' }),
          contact_id: Type.Optional(Id),
          said_at: Type.Optional(Type.String({ format: 'date-time' })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const FeedbackItemParams = Type.Object({ id: Id, itemId: Id });

export const MergeBody = Type.Object(
  { into_id: Id, reason: Type.Optional(Text(2_000)) },
  { additionalProperties: false },
);

export const SplitBody = Type.Object(
  {
    title: Title,
    feedback_item_ids: Type.Array(Id, { minItems: 1, maxItems: 1_000, uniqueItems: true }),
  },
  { additionalProperties: false },
);

export const NoContent = Type.Null();

export const CredibilityQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
    days: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 365,
        default: 14,
        description: 'N of "answered within N days" and "silent after N days"',
      }),
    ),
    group_by: Type.Optional(
      Type.Union([Type.Literal('team'), Type.Literal('channel'), Type.Literal('week')], {
        default: 'team',
      }),
    ),
    format: Type.Optional(Type.Literal('csv', { description: 'text/csv instead of JSON' })),
  },
  { additionalProperties: false },
);

const Rate = Type.Union([Type.Number(), Type.Null()]);
export const CredibilityFiguresSchema = Type.Object({
  feedback_items: Type.Integer(),
  acted_on: Type.Integer(),
  acted_on_rate: Rate,
  answered_within_days: Type.Integer(),
  answered_rate: Rate,
  median_hours_to_public_answer: Rate,
  median_hours_to_decision: Rate,
  silent_eligible: Type.Integer(),
  silent: Type.Integer(),
  silent_share: Rate,
  declined_with_reason: Type.Integer(),
  declined_share: Rate,
  check_back_confirmation_rate: Type.Null({ description: 'Needs check-backs (not built yet)' }),
  perceived_influence: Type.Null({ description: 'Needs the influence pulse (not built yet)' }),
});

export const CredibilityReportSchema = Type.Object({
  from: Type.String({ format: 'date-time' }),
  to: Type.String({ format: 'date-time' }),
  as_of: Type.String({ format: 'date-time' }),
  days: Type.Integer(),
  group_by: Type.String(),
  organisation: CredibilityFiguresSchema,
  groups: Type.Array(Type.Object({ key: Type.String(), figures: CredibilityFiguresSchema })),
});

export const DecisionSuggestionsSchema = Type.Object({
  data: Type.Array(
    Type.Object({
      id: Type.Integer(),
      title: Type.String(),
      state: DecisionStateSchema,
      reason: Type.Union([Type.Literal('near_duplicate'), Type.Literal('theme')], {
        description:
          'near_duplicate: linked feedback is a near-copy of this message; theme: it is in the same theme',
      }),
      matches: Type.Integer({ description: 'Linked messages in the same cluster or theme' }),
    }),
  ),
});
