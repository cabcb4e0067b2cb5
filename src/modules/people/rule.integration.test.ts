import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../../platform/database/connection.js';
import { createTestRuntime, type TestRuntime } from '../../test/test-runtime.js';
import { replaceAttributeValues } from './attribute.repository.js';
import { insertDefinition } from './attribute-definition.repository.js';
import {
  contactForEmail,
  contactsMatchingRule,
  countContactsMatchingRule,
  normaliseRule,
  type Rule,
  ruleAttributesOf,
  ruleMatches,
} from './index.js';
import { validateRule } from './rule.js';

/**
 * The rule evaluator runs twice, in memory and as SQL (docs/people.md): over the same people,
 * with a seeded random population, both must name exactly the same contacts for every rule.
 */
let runtime: TestRuntime;
const contactIds: number[] = [];

function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

beforeAll(async () => {
  runtime = await createTestRuntime();
  const db = runtime.database.db;
  const organisationId = runtime.organisationId;
  for (const [key, type, options] of [
    ['tier', 'enum', ['gold', 'silver', 'bronze']],
    ['tags', 'set', []],
    ['country', 'text', []],
    ['revenue', 'number', []],
  ] as const) {
    await insertDefinition(db, {
      organisationId,
      key,
      label: key,
      type,
      options,
      source: 'system',
      at: 1,
    });
  }
  const next = random(7);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)] as T;
  await withTransaction(runtime.database, async (trx) => {
    for (let index = 0; index < 120; index++) {
      const { contactId } = await contactForEmail(
        trx,
        organisationId,
        `person${index}@example.com`,
        `Person ${index}`,
        1,
      );
      contactIds.push(contactId);
      if (next() < 0.8) {
        await replaceAttributeValues(
          trx,
          organisationId,
          contactId,
          'tier',
          [pick(['gold', 'silver', 'bronze'])],
          1,
        );
      }
      const tags = ['key-account', 'beta', 'press', 'vip'].filter(() => next() < 0.3);
      await replaceAttributeValues(trx, organisationId, contactId, 'tags', tags, 1);
      if (next() < 0.9) {
        await replaceAttributeValues(
          trx,
          organisationId,
          contactId,
          'country',
          [pick(['France', 'Germany', 'New France', 'Chile'])],
          1,
        );
      }
      if (next() < 0.85) {
        const revenue = String(Math.round(next() * 20_000) / 10);
        await replaceAttributeValues(trx, organisationId, contactId, 'revenue', [revenue], 1);
      }
      if (next() < 0.5) {
        await replaceAttributeValues(
          trx,
          organisationId,
          contactId,
          'language',
          [pick(['en', 'fr', 'de'])],
          1,
        );
      }
    }
  });
  // A second channel for a few people.
  await runtime.database.db
    .insertInto('contact_identities')
    .values(
      contactIds
        .filter((_, index) => index % 7 === 0)
        .map((contactId) => ({
          organisation_id: organisationId,
          contact_id: contactId,
          channel: 'bluesky',
          handle: `p${contactId}.bsky`,
          handle_key: `p${contactId}.bsky`,
          display_name: null,
          created_at: 1,
        })),
    )
    .execute();
});
afterAll(async () => {
  await runtime.close();
});

const rules: Rule[] = [
  { all: [{ key: 'tier', op: 'eq', value: 'gold' }] },
  { all: [{ key: 'tier', op: 'neq', value: 'gold' }] },
  { all: [{ key: 'tags', op: 'contains', value: 'key-account' }] },
  { all: [{ key: 'tags', op: 'neq', value: 'beta' }] },
  {
    any: [
      { key: 'tags', op: 'in', value: ['press', 'vip'] },
      { key: 'tier', op: 'eq', value: 'bronze' },
    ],
  },
  { all: [{ key: 'country', op: 'contains', value: 'France' }] },
  { all: [{ key: 'country', op: 'in', value: ['Chile', 'Germany'] }] },
  { all: [{ key: 'revenue', op: 'gt', value: 1000 }] },
  {
    all: [
      { key: 'revenue', op: 'gte', value: '500' },
      { key: 'revenue', op: 'lt', value: 1500.5 },
    ],
  },
  { all: [{ key: 'revenue', op: 'lte', value: 100 }] },
  {
    all: [
      { key: 'revenue', op: 'exists' },
      { key: 'language', op: 'eq', value: 'fr' },
    ],
  },
  { all: [{ key: 'channel', op: 'eq', value: 'bluesky' }] },
  {
    all: [
      { key: 'channel', op: 'neq', value: 'bluesky' },
      { key: 'tier', op: 'exists' },
    ],
  },
  {
    all: [{ key: 'tier', op: 'in', value: ['gold', 'silver'] }],
    any: [
      { key: 'tags', op: 'contains', value: 'beta' },
      { key: 'revenue', op: 'gt', value: 1800 },
    ],
  },
];

describe('rules over people', () => {
  it('names the same contacts in SQL and in memory, and counts them the same', async () => {
    const db = runtime.database.db;
    const organisationId = runtime.organisationId;
    const attributes = await ruleAttributesOf(db, organisationId, contactIds);
    for (const rule of rules) {
      const normalised = await normaliseRule(db, organisationId, rule);
      const inMemory = contactIds.filter((id) =>
        ruleMatches(normalised, attributes.get(id) ?? new Map()),
      );
      const inSql = await contactsMatchingRule(db, organisationId, rule);
      expect(inSql, JSON.stringify(rule)).toEqual(inMemory);
      expect(await countContactsMatchingRule(db, organisationId, rule)).toBe(inMemory.length);
    }
    // The population is varied enough for the comparison to mean something.
    const sizes = await Promise.all(
      rules.map((rule) => countContactsMatchingRule(db, organisationId, rule)),
    );
    expect(sizes.some((size) => size === 0)).toBe(false);
    expect(sizes.some((size) => size === contactIds.length)).toBe(false);
  });

  it('reads a set with contains as one of its values, not a part of one', async () => {
    const normalised = await normaliseRule(runtime.database.db, runtime.organisationId, {
      all: [{ key: 'tags', op: 'contains', value: 'key' }],
    });
    expect(ruleMatches(normalised, new Map([['tags', ['key-account']]]))).toBe(false);
    expect(
      await countContactsMatchingRule(runtime.database.db, runtime.organisationId, {
        all: [{ key: 'tags', op: 'contains', value: 'key' }],
      }),
    ).toBe(0);
  });

  it('names each fault of a rule with its field', () => {
    const definitions = new Map([
      ['tier', { type: 'enum' as const, options: ['gold'] }],
      ['revenue', { type: 'number' as const, options: [] }],
    ]);
    const { problems } = validateRule(
      {
        all: [
          { key: 'shoe_size', op: 'eq', value: '42' },
          { key: 'tier', op: 'gt', value: 'gold' },
          { key: 'tier', op: 'eq', value: 'platinum' },
          { key: 'revenue', op: 'gte', value: 'lots' },
          { key: 'revenue', op: 'exists', value: 1 },
        ],
        any: [{ key: 'channel', op: 'in', value: [] }],
      },
      definitions,
      '/rule',
    );
    expect(problems.map((problem) => problem.path)).toEqual([
      '/rule/all/0/key',
      '/rule/all/1/op',
      '/rule/all/2/value',
      '/rule/all/3/value',
      '/rule/all/4/value',
      '/rule/any/0/value',
    ]);
    expect(problems[0]?.message).toMatch(/unknown attribute "shoe_size"/);
    expect(validateRule({}, definitions).problems[0]?.message).toMatch(/at least one condition/);
  });
});
