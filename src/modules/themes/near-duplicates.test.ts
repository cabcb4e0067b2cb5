import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../../platform/database/connection.js';
import { createTestRuntime, type TestRuntime } from '../../test/test-runtime.js';
import { type FingerprintInput, fingerprintMessages, unindexedBand } from './near-duplicates.js';

/**
 * Near-duplicate clusters written set-at-a-time: exact copies are stored without band values so
 * a campaign's lookups do not grow with it, and the author count grows by the authors a batch
 * adds instead of being recounted over the whole cluster.
 */
let runtime: TestRuntime;
const day = 24 * 3_600_000;
const start = Date.parse('2026-03-01T09:00:00Z');
const campaign = 'I am closing my account today because of the new overdraft fee, shame on you';
let nextId = 900_000;

beforeAll(async () => {
  runtime = await createTestRuntime();
});
afterAll(async () => {
  await runtime.close();
});

function copies(count: number, at: number, author: (index: number) => string): FingerprintInput[] {
  return Array.from({ length: count }, (_, index) => ({
    messageId: nextId++,
    text: `${campaign} ${index % 2 === 0 ? '@AcmeBank' : 'https://example.com/p'}`,
    authorKey: author(index),
    createdAt: at + index * 60_000,
    themeId: null,
  }));
}

async function fingerprint(inputs: FingerprintInput[]) {
  await withTransaction(runtime.database, (trx) =>
    fingerprintMessages(trx, runtime.organisationId, inputs),
  );
}

async function rowsOf(inputs: FingerprintInput[]) {
  return runtime.database.db
    .selectFrom('message_fingerprints')
    .select(['message_id', 'band0', 'band1', 'band2', 'band3', 'cluster_id'])
    .where(
      'message_id',
      'in',
      inputs.map((input) => input.messageId),
    )
    .orderBy('message_id')
    .execute();
}

async function cluster(id: number) {
  return runtime.database.db
    .selectFrom('duplicate_clusters')
    .select(['message_count', 'author_count', 'first_seen_at', 'last_seen_at'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

describe('near-duplicate fingerprints', () => {
  it('indexes the first of exact copies only, and counts authors as they join', async () => {
    // Batch 1: three copies by a, b, a.
    const first = copies(3, start, (index) => ['a', 'b', 'a'][index] as string);
    await fingerprint(first);
    const stored = await rowsOf(first);
    const clusterId = stored[0]?.cluster_id as number;
    expect(clusterId).not.toBeNull();
    expect(stored.every((row) => row.cluster_id === clusterId)).toBe(true);
    expect(stored[0]?.band0).not.toBe(unindexedBand);
    expect(stored.slice(1).map((row) => row.band0)).toEqual([unindexedBand, unindexedBand]);
    expect(await cluster(clusterId)).toMatchObject({ message_count: 3, author_count: 2 });

    // Batch 2, a day later: found through the indexed copy; b is known, c and d are new.
    const second = copies(4, start + day, (index) => ['b', 'c', 'c', 'd'][index] as string);
    await fingerprint(second);
    const joined = await rowsOf(second);
    expect(joined.every((row) => row.cluster_id === clusterId)).toBe(true);
    expect(joined.every((row) => row.band0 === unindexedBand)).toBe(true);
    expect(await cluster(clusterId)).toMatchObject({ message_count: 7, author_count: 4 });

    // Batch 3, 20 days later (past half the 30-day look-back): still joins, and one copy is
    // indexed again so the campaign stays findable in later windows.
    const third = copies(2, start + 20 * day, () => 'e');
    await fingerprint(third);
    const late = await rowsOf(third);
    expect(late.every((row) => row.cluster_id === clusterId)).toBe(true);
    expect(late.map((row) => row.band0 === unindexedBand)).toEqual([false, true]);
    expect(await cluster(clusterId)).toMatchObject({ message_count: 9, author_count: 5 });

    // 45 days after the start only the re-indexed copy is within the look-back.
    const fourth = copies(1, start + 45 * day, () => 'a');
    await fingerprint(fourth);
    expect((await rowsOf(fourth))[0]?.cluster_id).toBe(clusterId);
    expect(await cluster(clusterId)).toMatchObject({ message_count: 10, author_count: 5 });
  });

  it('a near but not exact copy keeps its bands, and a cluster made of stored messages counts both authors', async () => {
    const base =
      'I am closing my account today because of the new overdraft fee that you charged me twice ' +
      'this month and nobody answers the phone when I call your support line shame on you';
    const original: FingerprintInput = {
      messageId: nextId++,
      text: base,
      authorKey: 'x',
      createdAt: start,
      themeId: null,
    };
    await fingerprint([original]);
    expect((await rowsOf([original]))[0]?.cluster_id).toBeNull();
    const variant: FingerprintInput = {
      messageId: nextId++,
      // Two bits from the original (checked in the assertions through the shared cluster).
      text: base.replace('twice this', 'twice really this'),
      authorKey: 'y',
      createdAt: start + 60_000,
      themeId: null,
    };
    await fingerprint([variant]);
    const [before, after] = await rowsOf([original, variant]);
    expect(after?.cluster_id).not.toBeNull();
    expect(before?.cluster_id).toBe(after?.cluster_id);
    expect(after?.band0).not.toBe(unindexedBand);
    expect(await cluster(after?.cluster_id as number)).toMatchObject({
      message_count: 2,
      author_count: 2,
      first_seen_at: start,
    });
  });
});
