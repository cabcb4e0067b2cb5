import type { Kysely } from 'kysely';
import type { AppContext } from '../../platform/context.js';
import { withTransaction } from '../../platform/database/connection.js';
import type { AttributeType, Database } from '../../platform/database/schema.js';
import { AppError, type FieldProblem, notFound } from '../../platform/errors.js';
import { recordAudit } from '../audit/index.js';
import { actorOf, type Principal } from '../auth/index.js';
import {
  type AttributeDefinitionRow,
  countValuesOutside,
  deleteDefinitionAndValues,
  findDefinition,
  insertDefinition,
  listDefinitions,
  updateDefinition,
} from './attribute-definition.repository.js';
import { peopleErrors } from './people.errors.js';
import { canonicalNumber, type KeyDefinition } from './rule.js';

/**
 * Declared attributes (docs/engagement.md §1): the keys an organisation's contacts may carry,
 * each with a type that every value is checked against, from the CSV import or the API alike.
 */
export const attributeKeyShape = /^[a-z][a-z0-9_]{0,62}$/;
/** Columns of the import and names of the rule language; no attribute may take them. */
const reservedKeys = new Set(['email', 'name', 'consent', 'channel']);
const maxOptions = 200;
/** What separates the values of a `set` in one CSV cell. */
export const setSeparator = ';';

export async function listAttributeDefinitions(
  db: Kysely<Database>,
  organisationId: number,
): Promise<AttributeDefinitionRow[]> {
  return listDefinitions(db, organisationId);
}

/** The declared keys as a rule sees them. */
export async function keyDefinitionsOf(
  db: Kysely<Database>,
  organisationId: number,
): Promise<Map<string, KeyDefinition>> {
  return new Map(
    (await listDefinitions(db, organisationId)).map((row) => [
      row.key,
      { type: row.type, options: row.options },
    ]),
  );
}

function checkOptions(type: AttributeType, options: readonly string[] | undefined): FieldProblem[] {
  if (type !== 'enum') {
    return options && options.length > 0
      ? [{ path: '/options', message: 'only an enum has options' }]
      : [];
  }
  if (!options || options.length === 0 || options.length > maxOptions) {
    return [{ path: '/options', message: `an enum needs 1 to ${maxOptions} options` }];
  }
  if (new Set(options).size !== options.length) {
    return [{ path: '/options', message: 'options must differ from each other' }];
  }
  return options.flatMap((option, index) =>
    option.trim() === '' || option !== option.trim() || option.length > 200
      ? [{ path: `/options/${index}`, message: 'a text of 1 to 200 characters, no outer spaces' }]
      : [],
  );
}

export async function createAttributeDefinition(
  context: AppContext,
  principal: Principal,
  input: { key: string; label: string; type: AttributeType; options?: string[] },
): Promise<AttributeDefinitionRow> {
  const problems: FieldProblem[] = [];
  if (!attributeKeyShape.test(input.key)) {
    problems.push({
      path: '/key',
      message: 'lower-case letters, digits and _, starting with a letter (at most 63)',
    });
  } else if (reservedKeys.has(input.key)) {
    problems.push({ path: '/key', message: `"${input.key}" is reserved` });
  }
  problems.push(...checkOptions(input.type, input.options));
  if (problems.length > 0) throw new AppError('validation_failed', 'invalid attribute', problems);
  return withTransaction(context.database, async (trx) => {
    const id = await declareAttribute(trx, principal, {
      key: input.key,
      label: input.label.trim(),
      type: input.type,
      options: input.options ?? [],
      source: 'system',
    });
    return (await findDefinition(trx, principal.organisationId, id)) as AttributeDefinitionRow;
  });
}

/** Declares a key inside the caller's transaction (the API, or the import's `auto-declare`). */
export async function declareAttribute(
  trx: Kysely<Database>,
  principal: Principal,
  input: {
    key: string;
    label: string;
    type: AttributeType;
    options: readonly string[];
    source: 'csv' | 'system';
  },
): Promise<number> {
  const existing = await keyDefinitionsOf(trx, principal.organisationId);
  if (existing.has(input.key)) {
    throw peopleErrors.error('attribute_key_taken', `the attribute ${input.key} exists already`, [
      { path: '/key', message: 'taken' },
    ]);
  }
  const id = await insertDefinition(trx, {
    organisationId: principal.organisationId,
    ...input,
    at: Date.now(),
  });
  await recordAudit(trx, {
    organisationId: principal.organisationId,
    actor: actorOf(principal),
    action: 'attribute.declared',
    subjectType: 'attribute_definition',
    subjectId: id,
    changes: { key: input.key, label: input.label, type: input.type, options: input.options },
  });
  return id;
}

/** Relabels an attribute or changes an enum's options (never its key or type). */
export async function changeAttributeDefinition(
  context: AppContext,
  principal: Principal,
  id: number,
  input: { label?: string; options?: string[] },
): Promise<AttributeDefinitionRow> {
  return withTransaction(context.database, async (trx) => {
    const before = await findDefinition(trx, principal.organisationId, id);
    if (!before) throw notFound('attribute');
    const options = input.options ?? before.options;
    const problems = checkOptions(before.type, options);
    if (problems.length > 0) throw new AppError('validation_failed', 'invalid options', problems);
    if (before.type === 'enum') {
      const orphans = await countValuesOutside(trx, principal.organisationId, before.key, options);
      if (orphans > 0) {
        throw peopleErrors.error(
          'attribute_values_in_use',
          `${orphans} contact value(s) use an option you removed; change them first`,
          [{ path: '/options', message: 'a removed option is still in use' }],
        );
      }
    }
    const label = input.label?.trim() ?? before.label;
    await updateDefinition(trx, principal.organisationId, id, { label, options });
    await recordAudit(trx, {
      organisationId: principal.organisationId,
      actor: actorOf(principal),
      action: 'attribute.changed',
      subjectType: 'attribute_definition',
      subjectId: id,
      changes: {
        label: { from: before.label, to: label },
        options: { from: before.options, to: options },
      },
    });
    return (await findDefinition(trx, principal.organisationId, id)) as AttributeDefinitionRow;
  });
}

/** Removes an attribute and every contact's value of it. */
export async function deleteAttributeDefinition(
  context: AppContext,
  principal: Principal,
  id: number,
): Promise<void> {
  await withTransaction(context.database, async (trx) => {
    const before = await findDefinition(trx, principal.organisationId, id);
    if (!before) throw notFound('attribute');
    const removed = await deleteDefinitionAndValues(trx, principal.organisationId, id, before.key);
    await recordAudit(trx, {
      organisationId: principal.organisationId,
      actor: actorOf(principal),
      action: 'attribute.deleted',
      subjectType: 'attribute_definition',
      subjectId: id,
      changes: { key: before.key, values_removed: removed },
    });
  });
}

/**
 * A raw value (a CSV cell, an API string) checked against its key's type, as the values to
 * store: one for text/number/enum (a number in canonical form), several for a set (`a;b`), none
 * for an empty cell. Returns an error message instead when it does not fit.
 */
export function parseAttributeValue(
  definition: KeyDefinition,
  raw: string,
): { values: string[] } | { error: string } {
  const text = raw.trim();
  if (text === '') return { values: [] };
  if (text.length > 500) return { error: 'at most 500 characters' };
  switch (definition.type) {
    case 'number': {
      const canonical = canonicalNumber(text);
      return canonical === null ? { error: `"${text}" is not a number` } : { values: [canonical] };
    }
    case 'enum':
      return definition.options.includes(text)
        ? { values: [text] }
        : { error: `"${text}" is not one of ${definition.options.join(', ')}` };
    case 'set':
      return {
        values: [
          ...new Set(
            text
              .split(setSeparator)
              .map((value) => value.trim())
              .filter((value) => value !== ''),
          ),
        ],
      };
    default:
      return { values: [text] };
  }
}
