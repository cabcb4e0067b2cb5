import { Type } from '@sinclair/typebox';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestRuntime, type TestRuntime } from '../../test/test-runtime.js';
import { withTransaction } from '../database/connection.js';
import { createLogger } from '../logger.js';
import { defineJob, type JobDefinition, JobRegistry } from './job-definition.js';
import {
  claimJobs,
  countJobs,
  enqueueJob,
  listJobs,
  retryDeadJob,
  retryDelayMilliseconds,
} from './job-queue.js';
import { JobWorker } from './worker.js';

let runtime: TestRuntime;
beforeEach(async () => {
  runtime = await createTestRuntime();
});
afterEach(async () => {
  await runtime.close();
});

type Handler = JobDefinition['handle'];

function worker(handlers: Record<string, Handler>, leaseMilliseconds = 60_000) {
  return new JobWorker({
    handle: runtime.database,
    jobs: new JobRegistry(
      Object.entries(handlers).map(([kind, handle]) =>
        defineJob({ kind, payload: Type.Unknown(), handle }),
      ),
    ),
    events: runtime.events,
    config: runtime.config,
    logger: createLogger('silent'),
    concurrency: 4,
    leaseMilliseconds,
    pollMilliseconds: 10,
  });
}

async function enqueue(kind: string, payload: unknown, maxAttempts = 3) {
  return withTransaction(runtime.database, (trx) =>
    enqueueJob(trx, kind, payload, { maxAttempts }),
  );
}

describe('job queue', () => {
  it('runs a job and deletes it in the same transaction as its writes', async () => {
    await enqueue('note', { text: 'hello' });
    const runner = worker({
      note: async (trx, payload) => {
        await trx
          .insertInto('instance_state')
          .values({ key: 'note', value: String((payload as { text: string }).text) })
          .execute();
      },
    });
    await runner.drain();
    expect(runner.stats.completed).toBe(1);
    expect(await countJobs(runtime.database.db, runtime.organisationId)).toEqual({
      pending: 0,
      dead: 0,
    });
    const row = await runtime.database.db
      .selectFrom('instance_state')
      .select('value')
      .where('key', '=', 'note')
      .executeTakeFirst();
    expect(row?.value).toBe('hello');
  });

  it('rolls back a failed attempt, retries with backoff, then keeps a dead letter', async () => {
    const id = await enqueue('flaky', {}, 2);
    let calls = 0;
    const runner = worker({
      flaky: async (trx) => {
        calls++;
        await trx
          .insertInto('instance_state')
          .values({ key: `attempt-${calls}`, value: 'x' })
          .execute();
        throw new Error('downstream unavailable');
      },
    });
    await runner.runOnce();
    let [job] = await listJobs(runtime.database.db, runtime.organisationId, undefined, 10);
    expect(job).toMatchObject({ id, status: 'ready', attempts: 1 });
    expect(job?.runAt).toBeGreaterThan(Date.now() + 1000);
    expect(job?.lastError).toContain('downstream unavailable');
    // Not due yet: nothing to claim.
    expect(await runner.runOnce()).toBe(false);
    await runtime.database.db.updateTable('jobs').set({ run_at: 0 }).execute();
    await runner.runOnce();
    [job] = await listJobs(runtime.database.db, runtime.organisationId, 'dead', 10);
    expect(job).toMatchObject({ id, status: 'dead', attempts: 2 });
    expect(runner.stats).toMatchObject({ retried: 1, dead: 1 });
    expect(
      await runtime.database.db
        .selectFrom('instance_state')
        .selectAll()
        .where('key', 'like', 'attempt-%')
        .execute(),
    ).toEqual([]);
    expect(await retryDeadJob(runtime.database.db, runtime.organisationId, id)).toBe(true);
    expect(
      (await listJobs(runtime.database.db, runtime.organisationId, 'ready', 10))[0]?.attempts,
    ).toBe(0);
  });

  it('hands a job whose worker died to another worker once the lease runs out', async () => {
    await enqueue('work', {});
    const claimed = await claimJobs(runtime.database, 'dead-worker', 10, 60_000, ['work']);
    expect(claimed).toHaveLength(1);
    expect(await claimJobs(runtime.database, 'other', 10, 60_000, ['work'])).toHaveLength(0);
    // The lease runs out: moved into the past rather than waited for, so a slow machine cannot
    // make the refusal above flaky nor the test slow.
    await runtime.database.db
      .updateTable('jobs')
      .set({ locked_until: Date.now() - 1 })
      .where('locked_by', '=', 'dead-worker')
      .execute();
    const reclaimed = await claimJobs(runtime.database, 'other', 10, 60_000, ['work']);
    expect(reclaimed).toHaveLength(1);
    expect(reclaimed[0]?.attempts).toBe(2);
  });

  it('never gives one job to two concurrent claimers', async () => {
    for (let index = 0; index < 40; index++) await enqueue('work', { index });
    const claims = await Promise.all(
      Array.from({ length: 6 }, (_, index) =>
        claimJobs(runtime.database, `w${index}`, 10, 60_000, ['work']),
      ),
    );
    const ids = claims.flat().map((job) => job.id);
    expect(ids).toHaveLength(40);
    expect(new Set(ids).size).toBe(40);
  });

  it('turns a payload that does not match its schema into a dead letter at once, with the reason', async () => {
    const id = await enqueue('typed', { organisationId: 'one' }, 5);
    let calls = 0;
    const runner = new JobWorker({
      handle: runtime.database,
      jobs: new JobRegistry([
        defineJob({
          kind: 'typed',
          payload: Type.Object({ organisationId: Type.Integer() }),
          async handle() {
            calls++;
          },
        }),
      ]),
      events: runtime.events,
      config: runtime.config,
      logger: createLogger('silent'),
      concurrency: 1,
      leaseMilliseconds: 60_000,
      pollMilliseconds: 10,
    });
    await runner.drain();
    expect(calls).toBe(0);
    const [job] = await listJobs(runtime.database.db, runtime.organisationId, 'dead', 10);
    expect(job).toMatchObject({ id, status: 'dead', attempts: 1 });
    expect(job?.lastError).toContain('/organisationId');
  });

  it('backs off exponentially up to an hour', () => {
    expect(retryDelayMilliseconds(1)).toBe(2000);
    expect(retryDelayMilliseconds(3)).toBe(8000);
    expect(retryDelayMilliseconds(30)).toBe(3_600_000);
  });
});
