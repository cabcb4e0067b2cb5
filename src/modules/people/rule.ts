import type { AttributeType } from '../../platform/database/schema.js';
import type { FieldProblem } from '../../platform/errors.js';

/**
 * Rules over people (docs/people.md): `{ all?: Condition[], any?: Condition[] }`, every `all`
 * condition and at least one `any` condition must hold. Keys are the organisation's declared
 * attribute keys plus `channel` (any of the person's channel identities) and `language` (the
 * attribute of that name). The same rule runs in memory (`ruleMatches`) and as SQL
 * (`contactsMatchingRule`); the tests hold the two to the same answers.
 */
export const ruleOperators = [
  'eq',
  'neq',
  'in',
  'contains',
  'gt',
  'gte',
  'lt',
  'lte',
  'exists',
] as const;
export type RuleOperator = (typeof ruleOperators)[number];

export interface Condition {
  key: string;
  op: RuleOperator;
  value?: string | number | Array<string | number>;
}

export interface Rule {
  all?: Condition[];
  any?: Condition[];
}

/** The kind of values a key holds, as a rule sees it. */
export type KeyType = AttributeType | 'channel';

/** Which operators make sense for which kind of key. */
export const operatorsOfType: Record<KeyType, readonly RuleOperator[]> = {
  text: ['eq', 'neq', 'in', 'contains', 'exists'],
  enum: ['eq', 'neq', 'in', 'exists'],
  set: ['contains', 'neq', 'in', 'exists'],
  number: ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'exists'],
  channel: ['eq', 'neq', 'in', 'exists'],
};

/** Keys every organisation has, whether or not it declared them. */
export const builtInKeys: Record<string, { type: KeyType; options: readonly string[] }> = {
  channel: { type: 'channel', options: [] },
  language: { type: 'text', options: [] },
};

export interface KeyDefinition {
  type: KeyType;
  /** Allowed values of an enum. */
  options: readonly string[];
}

/** A normalised condition: values as strings (numbers in their canonical form). */
export interface NormalisedCondition {
  key: string;
  op: RuleOperator;
  type: KeyType;
  values: string[];
}

export interface NormalisedRule {
  all: NormalisedCondition[];
  any: NormalisedCondition[];
}

const maxConditions = 50;
const maxInValues = 200;

/** The canonical text of a number (so "5", "5.0" and 5 are one value). */
export function canonicalNumber(value: string | number): string | null {
  if (typeof value === 'string' && value.trim() === '') return null;
  const parsed = typeof value === 'number' ? value : Number(value.trim());
  return Number.isFinite(parsed) ? String(parsed) : null;
}

/**
 * Checks a rule against the declared keys and returns it normalised, or the problems, each with
 * the path of the field at fault (`/all/0/op`).
 */
export function validateRule(
  input: unknown,
  definitions: ReadonlyMap<string, KeyDefinition>,
  basePath = '',
): { rule: NormalisedRule; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const rule: NormalisedRule = { all: [], any: [] };
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { rule, problems: [{ path: basePath || '/', message: 'must be an object' }] };
  }
  const object = input as Record<string, unknown>;
  for (const key of Object.keys(object)) {
    if (key !== 'all' && key !== 'any') {
      problems.push({ path: `${basePath}/${key}`, message: 'unknown field (use all or any)' });
    }
  }
  for (const group of ['all', 'any'] as const) {
    const list = object[group];
    if (list === undefined) continue;
    if (!Array.isArray(list)) {
      problems.push({ path: `${basePath}/${group}`, message: 'must be a list of conditions' });
      continue;
    }
    if (list.length > maxConditions) {
      problems.push({ path: `${basePath}/${group}`, message: `at most ${maxConditions}` });
      continue;
    }
    list.forEach((condition, index) => {
      const checked = validateCondition(
        condition,
        definitions,
        `${basePath}/${group}/${index}`,
        problems,
      );
      if (checked) rule[group].push(checked);
    });
  }
  if (problems.length === 0 && rule.all.length + rule.any.length === 0) {
    problems.push({
      path: basePath || '/',
      message: 'a rule needs at least one condition (an empty rule would match everybody)',
    });
  }
  return { rule, problems };
}

function validateCondition(
  input: unknown,
  definitions: ReadonlyMap<string, KeyDefinition>,
  path: string,
  problems: FieldProblem[],
): NormalisedCondition | null {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    problems.push({ path, message: 'must be an object { key, op, value }' });
    return null;
  }
  const { key, op, value } = input as Record<string, unknown>;
  const before = problems.length;
  if (typeof key !== 'string' || key === '') {
    problems.push({ path: `${path}/key`, message: 'required' });
    return null;
  }
  const definition = definitions.get(key) ?? builtInKeys[key];
  if (!definition) {
    problems.push({ path: `${path}/key`, message: `unknown attribute "${key}"` });
    return null;
  }
  if (typeof op !== 'string' || !(ruleOperators as readonly string[]).includes(op)) {
    problems.push({ path: `${path}/op`, message: `must be one of ${ruleOperators.join(', ')}` });
    return null;
  }
  const operator = op as RuleOperator;
  if (!operatorsOfType[definition.type].includes(operator)) {
    problems.push({
      path: `${path}/op`,
      message: `"${op}" does not apply to ${key} (${definition.type}); use ${operatorsOfType[definition.type].join(', ')}`,
    });
    return null;
  }
  const values: string[] = [];
  const valuePath = `${path}/value`;
  if (operator === 'exists') {
    if (value !== undefined) problems.push({ path: valuePath, message: 'exists takes no value' });
  } else if (operator === 'in') {
    if (!Array.isArray(value) || value.length === 0 || value.length > maxInValues) {
      problems.push({ path: valuePath, message: `a list of 1 to ${maxInValues} values` });
    } else {
      value.forEach((one, index) => {
        const text = checkValue(one, definition, `${valuePath}/${index}`, problems);
        if (text !== null) values.push(text);
      });
    }
  } else {
    const text = checkValue(value, definition, valuePath, problems);
    if (text !== null) values.push(text);
  }
  if (problems.length > before) return null;
  return { key, op: operator, type: definition.type, values: [...new Set(values)] };
}

function checkValue(
  value: unknown,
  definition: KeyDefinition,
  path: string,
  problems: FieldProblem[],
): string | null {
  if (definition.type === 'number') {
    const canonical =
      typeof value === 'number' || typeof value === 'string' ? canonicalNumber(value) : null;
    if (canonical === null) problems.push({ path, message: 'must be a number' });
    return canonical;
  }
  if (typeof value !== 'string' || value === '' || value.length > 500) {
    problems.push({ path, message: 'must be a text of 1 to 500 characters' });
    return null;
  }
  if (definition.type === 'enum' && !definition.options.includes(value)) {
    problems.push({ path, message: `must be one of ${definition.options.join(', ')}` });
    return null;
  }
  return value;
}

/** A person's values as a rule sees them: key → values (`channel` holds their channels). */
export type RuleAttributes = ReadonlyMap<string, readonly string[]>;

function isNormalised(rule: Rule | NormalisedRule): rule is NormalisedRule {
  return [...(rule.all ?? []), ...(rule.any ?? [])].every((condition) => 'values' in condition);
}

/**
 * A rule taken as written, without the declared types (prefer `normaliseRule`, which knows that
 * `contains` on a set means one of its values, not a part of the text).
 */
function asNormalised(rule: Rule): NormalisedRule {
  const convert = (condition: Condition): NormalisedCondition => {
    const raw = condition.value === undefined ? [] : [condition.value].flat();
    const numeric = ['gt', 'gte', 'lt', 'lte'].includes(condition.op);
    return {
      key: condition.key,
      op: condition.op,
      type: numeric ? 'number' : 'text',
      values: raw.map((value) =>
        typeof value === 'number'
          ? String(value)
          : numeric
            ? (canonicalNumber(value) ?? value)
            : value,
      ),
    };
  };
  return { all: (rule.all ?? []).map(convert), any: (rule.any ?? []).map(convert) };
}

/**
 * Whether one person's values satisfy a rule (the in-memory twin of the SQL). Give it the rule
 * `normaliseRule` returned; a raw rule is read as if every key held text.
 */
export function ruleMatches(input: Rule | NormalisedRule, attributes: RuleAttributes): boolean {
  const rule = isNormalised(input) ? input : asNormalised(input);
  if (rule.all.length + rule.any.length === 0) return false;
  if (!rule.all.every((condition) => conditionHolds(condition, attributes))) return false;
  return (
    rule.any.length === 0 || rule.any.some((condition) => conditionHolds(condition, attributes))
  );
}

function conditionHolds(condition: NormalisedCondition, attributes: RuleAttributes): boolean {
  const values = attributes.get(condition.key) ?? [];
  const [first = ''] = condition.values;
  switch (condition.op) {
    case 'exists':
      return values.length > 0;
    case 'eq':
      return values.includes(first);
    case 'neq':
      return !values.includes(first);
    case 'in':
      return values.some((value) => condition.values.includes(value));
    case 'contains':
      return condition.type === 'set'
        ? values.includes(first)
        : values.some((value) => value.includes(first));
    case 'gt':
      return values.some((value) => Number(value) > Number(first));
    case 'gte':
      return values.some((value) => Number(value) >= Number(first));
    case 'lt':
      return values.some((value) => Number(value) < Number(first));
    case 'lte':
      return values.some((value) => Number(value) <= Number(first));
  }
}
