import { Type } from '@sinclair/typebox';
import { refTo } from '../../server/route-types.js';
import { AudienceSchema } from './audience.js';

const Text = (max: number) => Type.String({ maxLength: max });
const Instant = Type.Integer({ minimum: 0, maximum: 8_640_000_000_000_000 });
const Nullable = <T extends import('@sinclair/typebox').TSchema>(schema: T) =>
  Type.Union([schema, Type.Null()]);

export { AudienceSchema };

export const QuestionKindSchema = Type.Union([
  Type.Literal('stance'),
  Type.Literal('scale'),
  Type.Literal('single'),
  Type.Literal('multiple'),
  Type.Literal('text'),
]);
export const StanceSchema = Type.Union([
  Type.Literal('support'),
  Type.Literal('support_with_changes'),
  Type.Literal('oppose'),
  Type.Literal('block'),
]);

export const QuestionInputSchema = Type.Object(
  {
    kind: QuestionKindSchema,
    prompt: Type.String({ minLength: 1, maxLength: 500 }),
    options: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 30 })),
    required: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const RingInputSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 120 }),
    audience: refTo(AudienceSchema),
    opens_at: Instant,
    closes_at: Instant,
    quorum: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000_000 })),
    questions: Type.Optional(Type.Array(QuestionInputSchema, { maxItems: 30 })),
  },
  { additionalProperties: false, $id: 'ConsultationRingInput' },
);

export const CreateConsultationBody = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 200 }),
    text: Type.String({ minLength: 1, maxLength: 100_000 }),
    anonymous: Type.Optional(Type.Boolean()),
    rings: Type.Optional(Type.Array(refTo(RingInputSchema), { minItems: 1, maxItems: 12 })),
  },
  { additionalProperties: false },
);

export const EditConsultationBody = Type.Object(
  {
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    anonymous: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const VersionBody = Type.Object(
  {
    text: Type.String({ minLength: 1, maxLength: 100_000 }),
    answers_concerns: Type.Optional(
      Type.Array(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }), { maxItems: 200 }),
    ),
  },
  { additionalProperties: false },
);

export const GateBody = Type.Object(
  {
    decision: Type.Union([Type.Literal('go'), Type.Literal('revise'), Type.Literal('stop')]),
    reason: Type.String({ minLength: 1, maxLength: 5000 }),
    override_reason: Type.Optional(Type.String({ maxLength: 5000 })),
  },
  { additionalProperties: false },
);

export const AnswerBody = Type.Object(
  {
    request_id: Type.String({ minLength: 8, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' }),
    answers: Type.Array(
      Type.Object(
        {
          question_id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
          stance: Type.Optional(StanceSchema),
          reason: Type.Optional(Type.String({ maxLength: 5000 })),
          option: Type.Optional(Type.String({ maxLength: 200 })),
          options: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 30 })),
          number: Type.Optional(Type.Number()),
          text: Type.Optional(Type.String({ maxLength: 5000 })),
        },
        { additionalProperties: false },
      ),
      { maxItems: 31 },
    ),
  },
  { additionalProperties: false },
);

export const RingParams = Type.Object({
  id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
  ringId: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
});
export const VersionParams = Type.Object({
  id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
  versionId: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
});
export const ConcernParams = Type.Object({
  id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
  concernId: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
});
export const DiffQuery = Type.Object(
  {
    from: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
    to: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
  },
  { additionalProperties: false },
);
export const ResultsQuery = Type.Object(
  {
    segment: Type.Optional(Type.String({ maxLength: 64 })),
    weight: Type.Optional(Type.String({ maxLength: 64 })),
    threshold: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
  },
  { additionalProperties: false },
);

export const QuestionSchema = Type.Object({
  id: Type.Integer(),
  kind: QuestionKindSchema,
  prompt: Type.String(),
  options: Type.Array(Type.String()),
  required: Type.Boolean(),
});

export const GateSchema = Type.Object({
  decision: Type.String(),
  reason: Type.String(),
  override_reason: Nullable(Type.String()),
  decided_at: Type.Integer(),
});

export const RingSchema = Type.Object(
  {
    id: Type.Integer(),
    ordinal: Type.Integer(),
    round: Type.Integer(),
    name: Type.String(),
    state: Type.String(),
    opens_at: Type.Integer(),
    closes_at: Type.Integer(),
    quorum: Type.Integer(),
    version_id: Nullable(Type.Integer()),
    /** Only for owners and admins. */
    audience: Nullable(refTo(AudienceSchema)),
    questions: Type.Array(QuestionSchema),
    gate: Nullable(GateSchema),
    /** Clarifications published to this ring's audience. */
    clarifications: Type.Array(Type.Object({ concern: Type.String(), text: Type.String() })),
  },
  { $id: 'ConsultationRing' },
);

export const VersionSummarySchema = Type.Object({
  id: Type.Integer(),
  number: Type.Integer(),
  created_at: Type.Integer(),
  answers_concerns: Type.Array(Type.Integer()),
});

export const ConsultationSchema = Type.Object(
  {
    id: Type.Integer(),
    title: Type.String(),
    state: Type.String(),
    anonymous: Type.Boolean(),
    owner_user_id: Type.Integer(),
    manages: Type.Boolean(),
    created_at: Type.Integer(),
    updated_at: Type.Integer(),
    /** The text this viewer reads: the latest version they may see (Markdown, shown as text). */
    current_version: Type.Object({
      id: Type.Integer(),
      number: Type.Integer(),
      text: Type.String(),
    }),
    versions: Type.Array(VersionSummarySchema),
    rings: Type.Array(refTo(RingSchema)),
  },
  { $id: 'Consultation' },
);

export const ConsultationSummarySchema = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  state: Type.String(),
  manages: Type.Boolean(),
  /** For participants: the open ring they can answer, if any. */
  open_ring_id: Nullable(Type.Integer()),
  updated_at: Type.Integer(),
});
export const ConsultationListSchema = Type.Object({ data: Type.Array(ConsultationSummarySchema) });

export const CreatedSchema = Type.Object({ id: Type.Integer() });

export const VersionSchema = Type.Object({
  id: Type.Integer(),
  number: Type.Integer(),
  text: Type.String(),
  created_at: Type.Integer(),
  answers_concerns: Type.Array(Type.Integer()),
});

export const DiffSchema = Type.Object({
  from: Type.Integer(),
  to: Type.Integer(),
  segments: Type.Array(
    Type.Object({
      kind: Type.Union([Type.Literal('equal'), Type.Literal('insert'), Type.Literal('delete')]),
      text: Type.String(),
    }),
  ),
  answers_concerns: Type.Array(Type.Object({ id: Type.Integer(), label: Type.String() })),
});

export const StoredAnswerSchema = Type.Object({
  question_id: Type.Integer(),
  stance: Type.Optional(Type.String()),
  reason: Type.Optional(Type.String()),
  option: Type.Optional(Type.String()),
  options: Type.Optional(Type.Array(Type.String())),
  number: Type.Optional(Type.Number()),
  text: Type.Optional(Type.String()),
});

export const MyResponseSchema = Type.Object({
  response: Nullable(
    Type.Object({
      id: Type.Integer(),
      stance: Type.String(),
      reason: Type.String(),
      answers: Type.Array(StoredAnswerSchema),
      revision: Type.Integer(),
      updated_at: Type.Integer(),
      history: Type.Array(Type.Object({ revision: Type.Integer(), recorded_at: Type.Integer() })),
    }),
  ),
});

const StanceSplitSchema = Type.Object({
  support: Type.Number(),
  support_with_changes: Type.Number(),
  oppose: Type.Number(),
  block: Type.Number(),
});
const ScaleSchema = Type.Object({
  count: Type.Integer(),
  mean: Nullable(Type.Number()),
  low: Nullable(Type.Number()),
  high: Nullable(Type.Number()),
});
const ChoiceSchema = Type.Object({ option: Type.String(), count: Type.Integer() });

export const RingResultsSchema = Type.Object(
  {
    ring_id: Type.Integer(),
    name: Type.String(),
    ordinal: Type.Integer(),
    round: Type.Integer(),
    state: Type.String(),
    audience_size: Nullable(Type.Integer()),
    responses: Type.Integer(),
    turnout: Nullable(Type.Number()),
    quorum: Type.Integer(),
    quorum_met: Type.Boolean(),
    stance: StanceSplitSchema,
    support_share: Nullable(Type.Number()),
    weighted: Nullable(
      Type.Object({
        key: Type.String(),
        stance: StanceSplitSchema,
        support_share: Nullable(Type.Number()),
        weighed: Type.Integer(),
      }),
    ),
    segment_key: Nullable(Type.String()),
    segments: Type.Array(
      Type.Object({
        segment: Type.String(),
        responses: Type.Integer(),
        stance: StanceSplitSchema,
        support_share: Nullable(Type.Number()),
      }),
    ),
    divergences: Type.Array(
      Type.Object({
        a: Type.String(),
        b: Type.String(),
        support_a: Type.Number(),
        support_b: Type.Number(),
        difference: Type.Number(),
        p_value: Type.Number(),
        alert: Type.Boolean(),
      }),
    ),
    questions: Type.Array(
      Type.Object({
        question_id: Type.Integer(),
        kind: Type.String(),
        prompt: Type.String(),
        scale: Nullable(ScaleSchema),
        choices: Type.Array(ChoiceSchema),
        segments: Type.Array(
          Type.Object({
            segment: Type.String(),
            scale: Nullable(ScaleSchema),
            choices: Type.Array(ChoiceSchema),
          }),
        ),
      }),
    ),
  },
  { $id: 'ConsultationRingResults' },
);
export const ResultsSchema = Type.Object({
  data: Type.Array(refTo(RingResultsSchema)),
  hot_rule: Type.String(),
});

export const ReasonsSchema = Type.Object({
  anonymous: Type.Boolean(),
  data: Type.Array(
    Type.Object({
      response_id: Type.Integer(),
      stance: Type.String(),
      reason: Type.String(),
      /** Null in anonymous mode, for everyone (owners included). */
      name: Nullable(Type.String()),
      updated_at: Type.Integer(),
    }),
  ),
});

export const ConcernSchema = Type.Object(
  {
    id: Type.Integer(),
    ring_id: Type.Integer(),
    label: Type.String(),
    disposition: Type.String(),
    version_id: Nullable(Type.Integer()),
    clarification: Nullable(Type.String()),
    decline_reason: Nullable(Type.String()),
    hot: Type.Boolean(),
    hot_reasons: Type.Array(Type.String()),
    manual: Type.Boolean(),
    volume: Type.Integer(),
    segments: Type.Array(Type.Object({ segment: Type.String(), count: Type.Integer() })),
    quotes: Type.Array(Type.String()),
    response_ids: Type.Array(Type.Integer()),
  },
  { $id: 'ConsultationConcern' },
);
export const ConcernListSchema = Type.Object({
  data: Type.Array(refTo(ConcernSchema)),
  hot_rule: Type.String(),
});

export const AddConcernBody = Type.Object(
  {
    ring_id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
    label: Type.String({ minLength: 1, maxLength: 200 }),
    response_ids: Type.Optional(
      Type.Array(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }), {
        maxItems: 10000,
      }),
    ),
    hot: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export const MergeConcernsBody = Type.Object(
  {
    concern_ids: Type.Array(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }), {
      minItems: 1,
      maxItems: 100,
    }),
  },
  { additionalProperties: false },
);
export const SplitConcernBody = Type.Object(
  {
    label: Type.String({ minLength: 1, maxLength: 200 }),
    response_ids: Type.Array(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }), {
      minItems: 1,
      maxItems: 10000,
    }),
  },
  { additionalProperties: false },
);
export const DispositionBody = Type.Object(
  {
    disposition: Type.Union([
      Type.Literal('open'),
      Type.Literal('changed'),
      Type.Literal('clarified'),
      Type.Literal('declined'),
    ]),
    version_id: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })),
    clarification: Type.Optional(Text(5000)),
    decline_reason: Type.Optional(Text(5000)),
    label: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export const GroupedSchema = Type.Object({ concerns: Type.Integer() });
export const RevocationBody = Type.Object(
  {
    person_key: Type.String({ pattern: '^(user|contact):[1-9][0-9]{0,15}$' }),
    reason: Type.String({ minLength: 1, maxLength: 1000 }),
  },
  { additionalProperties: false },
);
export const ViewsSchema = Type.Object({
  data: Type.Array(
    Type.Object({
      version_id: Type.Integer(),
      person_key: Type.String(),
      viewed_at: Type.Integer(),
    }),
  ),
});

export const NoticeSchema = Type.Object({
  /** True while the viewer must accept `notice` before seeing anything of the consultation. */
  required: Type.Boolean(),
  notice: Type.Union([
    Type.Object({
      partner_organisation: Type.Object({ id: Type.Integer(), name: Type.String() }),
      /** Plain text, never HTML. */
      text: Type.String(),
      version: Type.Integer(),
    }),
    Type.Null(),
  ]),
});
export const AcceptNoticeBody = Type.Object(
  { version: Type.Integer({ minimum: 1, maximum: 1_000_000_000 }) },
  { additionalProperties: false },
);

/** Shapes with an `$id`, registered once by the routes (components of the OpenAPI document). */
export const consultSchemas = [
  AudienceSchema,
  RingInputSchema,
  RingSchema,
  ConsultationSchema,
  RingResultsSchema,
  ConcernSchema,
];
