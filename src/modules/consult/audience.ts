import { Type } from '@sinclair/typebox';
import type { Role } from '../../platform/database/schema.js';
import { AppError, type FieldProblem } from '../../platform/errors.js';

/**
 * Who a ring speaks to. Selectors are united (roles ∪ teams ∪ named users ∪ named contacts ∪
 * panels ∪ partner organisations); `attributes` narrows the people selected by role or team to
 * those whose contact has one of the listed values for every listed key (e.g. members in the
 * Sales department). `public` opens the ring to everyone of the organisation.
 */
export interface Audience {
  roles: Role[];
  team_ids: number[];
  user_ids: number[];
  contact_ids: number[];
  attributes: { key: string; values: string[] }[];
  panel_ids: number[];
  partner_organisation_ids: number[];
  public: boolean;
}

const ids = Type.Array(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }), {
  maxItems: 10000,
});

export const AudienceSchema = Type.Object(
  {
    roles: Type.Optional(
      Type.Array(
        Type.Union([
          Type.Literal('admin'),
          Type.Literal('lead'),
          Type.Literal('agent'),
          Type.Literal('analyst'),
          Type.Literal('member'),
        ]),
        { maxItems: 5 },
      ),
    ),
    team_ids: Type.Optional(ids),
    user_ids: Type.Optional(ids),
    contact_ids: Type.Optional(ids),
    attributes: Type.Optional(
      Type.Array(
        Type.Object(
          {
            key: Type.String({ minLength: 1, maxLength: 64 }),
            values: Type.Array(Type.String({ minLength: 1, maxLength: 200 }), {
              minItems: 1,
              maxItems: 100,
            }),
          },
          { additionalProperties: false },
        ),
        { maxItems: 10 },
      ),
    ),
    panel_ids: Type.Optional(ids),
    partner_organisation_ids: Type.Optional(ids),
    public: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, $id: 'ConsultationAudience' },
);

export type AudienceInput = {
  roles?: Role[] | undefined;
  team_ids?: number[] | undefined;
  user_ids?: number[] | undefined;
  contact_ids?: number[] | undefined;
  attributes?: { key: string; values: string[] }[] | undefined;
  panel_ids?: number[] | undefined;
  partner_organisation_ids?: number[] | undefined;
  public?: boolean | undefined;
};

export function normaliseAudience(input: AudienceInput): Audience {
  return {
    roles: [...new Set(input.roles ?? [])],
    team_ids: [...new Set(input.team_ids ?? [])],
    user_ids: [...new Set(input.user_ids ?? [])],
    contact_ids: [...new Set(input.contact_ids ?? [])],
    attributes: input.attributes ?? [],
    panel_ids: [...new Set(input.panel_ids ?? [])],
    partner_organisation_ids: [...new Set(input.partner_organisation_ids ?? [])],
    public: input.public ?? false,
  };
}

export function parseAudience(json: string): Audience {
  return normaliseAudience(JSON.parse(json) as AudienceInput);
}

export function isEmptyAudience(audience: Audience): boolean {
  return (
    !audience.public &&
    audience.roles.length === 0 &&
    audience.team_ids.length === 0 &&
    audience.user_ids.length === 0 &&
    audience.contact_ids.length === 0 &&
    audience.panel_ids.length === 0 &&
    audience.partner_organisation_ids.length === 0
  );
}

/**
 * Kinds of audience whose people the people module resolves (customer panels, through
 * `panelMembers`, and partner organisations): available now that module is installed.
 */
export const externalAudienceAvailable = true;

/** Field problems of an audience a ring is about to use (`path` prefixes each field). */
export function audienceProblems(audience: Audience, path: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (isEmptyAudience(audience)) {
    problems.push({ path, message: 'name at least one role, team, person, panel or partner' });
  }
  if (
    audience.attributes.length > 0 &&
    audience.roles.length === 0 &&
    audience.team_ids.length === 0
  ) {
    problems.push({
      path: `${path}/attributes`,
      message: 'attribute filters narrow roles or teams: name a role or a team too',
    });
  }
  return problems;
}

export function assertAudience(audience: Audience, path: string): void {
  const problems = audienceProblems(audience, path);
  if (problems.length > 0) throw new AppError('validation_failed', 'invalid audience', problems);
}
