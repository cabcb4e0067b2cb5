import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SeededRandom } from '../../platform/seeded-random.js';
import { message } from '../../test/fixtures.js';
import { createTestRuntime, type TestRuntime } from '../../test/test-runtime.js';
import { acceptInbound } from './ingest.service.js';

/**
 * A channel that retries delivers the same messages again, often while the first delivery is
 * still being stored, and in another order. Overlapping deliveries at the same moment must all
 * succeed (no deadlock on PostgreSQL, no busy error on SQLite) and store each message once.
 */
let runtime: TestRuntime;
beforeAll(async () => {
  runtime = await createTestRuntime();
});
afterAll(async () => {
  await runtime.close();
});

describe('concurrent redelivery', () => {
  it('stores each of 500 messages once when shuffled overlapping deliveries race', async () => {
    const messages = Array.from({ length: 500 }, () => message());
    const random = new SeededRandom(7);
    const deliveries = [1, 2, 3].map(() => random.shuffle([...messages]));
    let accepted = 0;
    // Four rounds of three racing requests of 250 overlapping messages each, then everything.
    const rounds = [0, 1, 2, 3].map((round) =>
      deliveries.map((delivery) => delivery.slice(round * 83, round * 83 + 250)),
    );
    for (const batches of [...rounds, deliveries]) {
      const results = await Promise.allSettled(
        batches.map((batch) =>
          acceptInbound(runtime.database, runtime.organisationId, batch, 'test'),
        ),
      );
      for (const [index, result] of results.entries()) {
        if (result.status === 'rejected') throw result.reason;
        expect(result.value.accepted + result.value.duplicates).toBe(batches[index]?.length);
        accepted += result.value.accepted;
      }
    }
    expect(accepted).toBe(500);
    const stored = await runtime.database.db
      .selectFrom('inbound_events')
      .select(['channel', 'external_id'])
      .execute();
    expect(stored).toHaveLength(500);
    expect(new Set(stored.map((row) => `${row.channel}:${row.external_id}`)).size).toBe(500);
  });
});
