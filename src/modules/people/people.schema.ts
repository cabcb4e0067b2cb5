import { Type } from '@sinclair/typebox';
import { Id } from '../../server/route-types.js';
import { maxContactRows, maxMemberRows } from './import.service.js';
import { ruleOperators } from './rule.js';

const Nullable = <T extends ReturnType<typeof Type.String> | ReturnType<typeof Type.Integer>>(
  schema: T,
) => Type.Union([schema, Type.Null()]);
const Instant = Type.String({ format: 'date-time' });

export const AttributeTypeSchema = Type.Union([
  Type.Literal('text'),
  Type.Literal('number'),
  Type.Literal('enum'),
  Type.Literal('set'),
]);

export const AttributeDefinitionSchema = Type.Object({
  id: Type.Integer(),
  key: Type.String(),
  label: Type.String(),
  type: AttributeTypeSchema,
  options: Type.Array(Type.String()),
  source: Type.Union([Type.Literal('csv'), Type.Literal('system')]),
  created_at: Instant,
});
export const AttributeDefinitionListSchema = Type.Object({
  data: Type.Array(AttributeDefinitionSchema),
});
export const CreateAttributeBody = Type.Object(
  {
    key: Type.String({ minLength: 1, maxLength: 63, description: 'a-z, 0-9 and _; never changes' }),
    label: Type.String({ minLength: 1, maxLength: 100 }),
    type: AttributeTypeSchema,
    options: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 200 })),
  },
  { additionalProperties: false },
);
export const ChangeAttributeBody = Type.Object(
  {
    label: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    options: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 200 })),
  },
  { additionalProperties: false },
);

const RuleValue = Type.Union([
  Type.String({ maxLength: 500 }),
  Type.Number(),
  Type.Array(Type.Union([Type.String({ maxLength: 500 }), Type.Number()]), { maxItems: 200 }),
]);
export const ConditionSchema = Type.Object(
  {
    key: Type.String({ minLength: 1, maxLength: 63 }),
    op: Type.Union(ruleOperators.map((op) => Type.Literal(op))),
    value: Type.Optional(RuleValue),
  },
  { additionalProperties: false },
);
export const RuleSchema = Type.Object(
  {
    all: Type.Optional(Type.Array(ConditionSchema, { maxItems: 50 })),
    any: Type.Optional(Type.Array(ConditionSchema, { maxItems: 50 })),
  },
  {
    additionalProperties: false,
    description:
      'Every `all` condition and at least one `any` condition must hold. Keys: declared attributes, `channel`, `language`.',
  },
);
export const RulePreviewBody = Type.Object({ rule: RuleSchema }, { additionalProperties: false });
export const PersonSummarySchema = Type.Object({
  id: Type.Integer(),
  name: Nullable(Type.String()),
});
export const RulePreviewSchema = Type.Object({
  count: Type.Integer({ description: 'Contacts the rule matches now' }),
  sample: Type.Array(PersonSummarySchema, { description: 'The first ten of them' }),
});

const PanelKindSchema = Type.Union([Type.Literal('rule'), Type.Literal('explicit')]);
export const PanelSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  description: Type.String(),
  kind: PanelKindSchema,
  rule: Type.Union([RuleSchema, Type.Null()]),
  created_at: Instant,
  updated_at: Instant,
});
export const PanelListSchema = Type.Object({ data: Type.Array(PanelSchema) });
export const PanelDetailSchema = Type.Composite([
  PanelSchema,
  Type.Object({
    eligible: Type.Integer({ description: 'People the rule matches, or the explicit members' }),
    consenting: Type.Integer({
      description: 'Of those, the people who hold the panel consent now',
    }),
    people: Type.Array(
      Type.Object({
        contact_id: Type.Integer(),
        name: Nullable(Type.String()),
        consenting: Type.Boolean(),
      }),
      { description: 'The first 200 people' },
    ),
  }),
]);
export const CreatePanelBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    kind: PanelKindSchema,
    rule: Type.Optional(RuleSchema),
  },
  { additionalProperties: false },
);
export const ChangePanelBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    rule: Type.Optional(RuleSchema),
  },
  { additionalProperties: false },
);
export const ContactIdsBody = Type.Object(
  { contact_ids: Type.Array(Id, { minItems: 1, maxItems: 1000 }) },
  { additionalProperties: false },
);
export const PanelConsentBody = Type.Object(
  {
    contact_ids: Type.Array(Id, { minItems: 1, maxItems: 1000 }),
    source: Type.Optional(
      Type.Union([Type.Literal('api'), Type.Literal('form')], {
        description: 'How the people opted in: an API call (default) or an opt-in form',
      }),
    ),
  },
  { additionalProperties: false },
);
export const PanelContactParams = Type.Object({ id: Id, contactId: Id });

export const PartnerSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  notice_text: Type.String(),
  notice_version: Type.Integer({ description: 'Raised by every change of the notice text' }),
  people: Type.Integer(),
  created_at: Instant,
  updated_at: Instant,
});
export const PartnerListSchema = Type.Object({ data: Type.Array(PartnerSchema) });
export const CreatePartnerBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    notice_text: Type.String({ minLength: 1, maxLength: 20_000 }),
  },
  { additionalProperties: false },
);
export const ChangePartnerBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    notice_text: Type.Optional(Type.String({ minLength: 1, maxLength: 20_000 })),
  },
  { additionalProperties: false },
);
export const PartnerPersonSchema = Type.Object({
  contact_id: Type.Integer(),
  name: Nullable(Type.String()),
  email: Nullable(Type.String()),
  accepted_current_notice: Type.Boolean(),
});
export const PartnerPeopleSchema = Type.Object({ data: Type.Array(PartnerPersonSchema) });
export const AddPartnerPersonBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    email: Type.String({ minLength: 3, maxLength: 320 }),
  },
  { additionalProperties: false },
);
export const AddedPartnerPersonSchema = Type.Object({ contact_id: Type.Integer() });

const csvLimit = 5 * 1024 * 1024;
export const ContactImportBody = Type.Object(
  {
    csv: Type.String({ maxLength: csvLimit, description: `At most ${maxContactRows} rows` }),
    auto_declare: Type.Optional(
      Type.Boolean({ description: 'Declare unknown columns as text attributes' }),
    ),
    dry_run: Type.Optional(Type.Boolean({ description: 'Check and report, write nothing' })),
  },
  { additionalProperties: false },
);
export const ContactImportSchema = Type.Object({
  imported: Type.Boolean(),
  rows: Type.Integer(),
  contacts_created: Type.Integer(),
  contacts_updated: Type.Integer(),
  consents_granted: Type.Integer(),
  declared: Type.Array(Type.String()),
});
export const MemberImportBody = Type.Object(
  {
    csv: Type.String({
      maxLength: csvLimit,
      description: `Columns name, email, department, location, team; at most ${maxMemberRows} rows`,
    }),
    dry_run: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export const MemberImportSchema = Type.Object({
  imported: Type.Boolean(),
  rows: Type.Integer(),
  linked_to_existing_contact: Type.Integer(),
  invitations: Type.Array(
    Type.Object({
      email: Type.String(),
      emailed: Type.Boolean(),
      link: Nullable(Type.String()),
      expires_at: Instant,
      mail_error: Nullable(Type.String()),
    }),
  ),
});

export const WithdrawBody = Type.Object(
  { token: Type.String({ minLength: 10, maxLength: 200 }) },
  { additionalProperties: false },
);
export const WithdrawnSchema = Type.Object({
  purpose: Type.String(),
  description: Type.String({ description: 'What the person no longer agrees to, in words' }),
  withdrawn: Type.Boolean({ description: 'False when it was already withdrawn' }),
});

export const ProfileSchema = Type.Object({
  contact_id: Nullable(Type.Integer()),
  attributes: Type.Array(
    Type.Object({ key: Type.String(), label: Type.String(), values: Type.Array(Type.String()) }),
  ),
});
