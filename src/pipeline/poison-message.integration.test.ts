import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptInbound, ingestBatch } from '../modules/ingest/index.js';
import { withTransaction } from '../platform/database/connection.js';
import { enqueue } from '../platform/jobs/job-definition.js';
import { listJobs } from '../platform/jobs/job-queue.js';
import { countStored, message } from '../test/fixtures.js';
import { createTestRuntime, type TestRuntime } from '../test/test-runtime.js';

/**
 * A stored event that the care path cannot process (here a payload written before acceptance
 * checked instants, or by an older version) must not take the rest of its batch down: the good
 * messages are stored, and the bad one ends alone as a dead letter with its reason.
 */
let runtime: TestRuntime;
beforeAll(async () => {
  runtime = await createTestRuntime();
});
afterAll(async () => {
  await runtime.close();
});

describe('a poison message in an ingest batch', () => {
  it('is isolated: the ten good messages are stored, it alone becomes a dead letter', async () => {
    const good = Array.from({ length: 10 }, () => message());
    await acceptInbound(runtime.database, runtime.organisationId, good, 'test');
    // The batch the acceptance queued, plus one event whose payload no stage can read.
    const poison = await runtime.database.db
      .insertInto('inbound_events')
      .values({
        organisation_id: runtime.organisationId,
        channel: 'twitter',
        external_id: 'poison-1',
        payload: '{"channel":"twitter","external_id":"poison-1"}',
        source: 'test',
        received_at: Date.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const ids = (
      await runtime.database.db.selectFrom('inbound_events').select('id').orderBy('id').execute()
    ).map((row) => row.id);
    await runtime.database.db.deleteFrom('jobs').execute();
    await withTransaction(runtime.database, (trx) =>
      enqueue(trx, ingestBatch, { organisationId: runtime.organisationId, eventIds: ids }),
    );

    // Run until the queue holds only the dead letter (retries are due at once here).
    for (let round = 0; round < 20; round++) {
      await runtime.worker.drain();
      const waiting = await runtime.database.db
        .updateTable('jobs')
        .set({ run_at: 0 })
        .where('status', '=', 'ready')
        .executeTakeFirst();
      if (Number(waiting.numUpdatedRows) === 0) break;
    }

    expect(await countStored(runtime.database.db, good)).toBe(10);
    const jobs = await listJobs(runtime.database.db, runtime.organisationId, undefined, 50);
    const ingestJobs = jobs.filter((job) => job.kind === ingestBatch.kind);
    expect(ingestJobs).toHaveLength(1);
    expect(ingestJobs[0]).toMatchObject({ status: 'dead' });
    expect(ingestJobs[0]?.payloadPreview).toContain(`[${poison.id}]`);
    expect(ingestJobs[0]?.lastError).toBeTruthy();
  });
});
