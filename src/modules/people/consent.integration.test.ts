import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRuntime, type TestRuntime } from '../../test/test-runtime.js';
import {
  attributeValuesOf,
  consentHistory,
  grantConsent,
  hasConsent,
  replaceAttributeValues,
  whoHasConsent,
  withdrawConsent,
} from './index.js';

/** Consent records and attribute values on the real database (docs/engagement.md §1-2). */
let runtime: TestRuntime;
beforeAll(async () => {
  runtime = await createTestRuntime();
});
afterAll(async () => {
  await runtime.close();
});

describe('consents', () => {
  it('answers for the instant asked, keeps every grant and withdrawal, and never grants twice', async () => {
    const db = runtime.database.db;
    const organisationId = runtime.organisationId;
    const base = { organisationId, contactId: 41, purpose: 'panel:7' };
    expect(await hasConsent(db, organisationId, 41, 'panel:7', 1_000)).toBe(false);
    expect(await grantConsent(db, { ...base, source: 'csv', at: 1_000 })).toEqual({
      granted: true,
    });
    expect(await grantConsent(db, { ...base, source: 'form', at: 1_500 })).toEqual({
      granted: false,
    });
    expect(await hasConsent(db, organisationId, 41, 'panel:7', 1_200)).toBe(true);
    expect(await hasConsent(db, organisationId, 41, 'panel:7', 999)).toBe(false);
    expect(await withdrawConsent(db, { ...base, source: 'link', at: 2_000 })).toEqual({
      withdrawn: true,
    });
    expect(await hasConsent(db, organisationId, 41, 'panel:7', 2_000)).toBe(false);
    // Still true for a question about the past: the record is kept.
    expect(await hasConsent(db, organisationId, 41, 'panel:7', 1_999)).toBe(true);
    expect(await withdrawConsent(db, { ...base, source: 'link', at: 2_100 })).toEqual({
      withdrawn: false,
    });
    await grantConsent(db, { ...base, source: 'form', at: 3_000 });
    const history = await consentHistory(db, organisationId, 41);
    expect(history.map((row) => [row.source, row.withdrawn_source])).toEqual([
      ['form', null],
      ['csv', 'link'],
    ]);
    expect([...(await whoHasConsent(db, organisationId, [41, 42], 'panel:7', 3_000))]).toEqual([
      41,
    ]);
    // Another organisation's question about the same contact id finds nothing.
    expect(await hasConsent(db, organisationId + 1000, 41, 'panel:7', 3_000)).toBe(false);
  });

  it('refuses a purpose that is not on the list', async () => {
    await expect(
      hasConsent(runtime.database.db, runtime.organisationId, 1, 'marketing', 0),
    ).rejects.toThrow(/unknown consent purpose/);
  });
});

describe('contact attributes', () => {
  it('stores one value per key, or several for a set, and replaces them whole', async () => {
    const db = runtime.database.db;
    const organisationId = runtime.organisationId;
    await replaceAttributeValues(db, organisationId, 5, 'tier', ['gold'], 1);
    await replaceAttributeValues(db, organisationId, 5, 'tags', ['key-account', 'beta', 'beta'], 1);
    await replaceAttributeValues(db, organisationId, 6, 'tier', ['silver'], 1);
    let values = await attributeValuesOf(db, organisationId, [5, 6]);
    expect(values.get(5)?.get('tags')).toEqual(['beta', 'key-account']);
    expect(values.get(6)?.get('tier')).toEqual(['silver']);
    await replaceAttributeValues(db, organisationId, 5, 'tags', [], 2);
    values = await attributeValuesOf(db, organisationId, [5], ['tags', 'tier']);
    expect(values.get(5)?.has('tags')).toBe(false);
    expect(values.get(5)?.get('tier')).toEqual(['gold']);
  });
});
