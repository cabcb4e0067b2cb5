import type { Static } from '@sinclair/typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allJobs } from '../cli/runtime.js';
import { acceptInbound } from '../modules/ingest/index.js';
import { simhash } from '../modules/themes/index.js';
import { withTransaction } from '../platform/database/connection.js';
import { JobRegistry } from '../platform/jobs/job-definition.js';
import { enqueueJob } from '../platform/jobs/job-queue.js';
import { JobWorker } from '../platform/jobs/worker.js';
import { message } from '../test/fixtures.js';
import { listeningCounts, topics } from '../test/listening-fixtures.js';
import { createTestRuntime, type TestRuntime } from '../test/test-runtime.js';
import { type listenBatch, listenJobKind } from './listen-queue.js';
import { listeningStages } from './listening-pipeline.js';
import { listenJob } from './pipeline.jobs.js';
import type { ErasedStage } from './stage.js';

type ListenPayload = Static<typeof listenBatch.payload>;

/**
 * Listening (themes, near-duplicates, hourly volumes, backlash queueing) runs in its own job after
 * the ingest job committed the care path. Every customer message must be listened to exactly
 * once: a listen job that runs twice, or fails half-way and is retried, must not count a message
 * twice nor lose it. Runs on both databases.
 */
let runtime: TestRuntime;
/** Runs every job but the listen jobs: the care path only. */
let careWorker: JobWorker;
const base = Date.parse('2026-03-02T08:00:00Z');
const copyText = 'Win a free phone, retweet this now and tell your friends';
let sequence = 0;

function customerMessages(count: number, text?: (index: number) => string) {
  return Array.from({ length: count }, (_, index) => {
    sequence++;
    const topic = (['fee', 'app', 'card'] as const)[sequence % 3] as keyof typeof topics;
    return message({
      text: text ? text(index) : (topics[topic][sequence % 8] as string),
      created_at: new Date(base + sequence * 60_000).toISOString(),
    });
  });
}

async function accept(messages: ReturnType<typeof message>[]) {
  await acceptInbound(runtime.database, runtime.organisationId, messages, 'test');
}

async function pendingListenPayloads(): Promise<ListenPayload[]> {
  const rows = await runtime.database.db
    .selectFrom('jobs')
    .select('payload')
    .where('kind', '=', listenJobKind)
    .orderBy('id')
    .execute();
  return rows.map((row) => JSON.parse(row.payload) as ListenPayload);
}

/** Everything listening adds to, per message. */
async function snapshot() {
  const db = runtime.database.db;
  const customer = await db
    .selectFrom('messages')
    .select('text')
    .where('direction', '=', 'inbound')
    .execute();
  const counts = await listeningCounts(db);
  const copies = await db
    .selectFrom('duplicate_clusters')
    .innerJoin('messages', 'messages.id', 'duplicate_clusters.representative_message_id')
    .select('duplicate_clusters.message_count')
    .where('messages.text', '=', copyText)
    .execute();
  return {
    customerMessages: customer.length,
    /** Messages with enough text for a fingerprint (very short ones have none). */
    hashable: customer.filter((row) => simhash(row.text) !== null).length,
    ...counts,
    copiesClustered: copies.map((row) => row.message_count),
  };
}

beforeAll(async () => {
  runtime = await createTestRuntime();
  careWorker = new JobWorker({
    handle: runtime.database,
    jobs: new JobRegistry(allJobs).filter((kind) => kind !== listenJobKind),
    events: runtime.events,
    config: runtime.config,
    logger: runtime.logger,
    concurrency: 1,
    leaseMilliseconds: 60_000,
    pollMilliseconds: 20,
  });
}, 60_000);
afterAll(async () => {
  await runtime.close();
});

describe('the listen job', () => {
  let firstPayload: ListenPayload;

  it('follows the care path: one listen job for several ingest jobs, run after they commit', async () => {
    // Three deliveries (three ingest jobs), a brand reply among them, and copies of one text.
    const copies = customerMessages(4, () => copyText);
    await accept([...customerMessages(10), ...copies.slice(0, 2)]);
    await accept([
      ...customerMessages(10),
      message({ direction: 'outbound', author: { handle: 'AcmeSupport' }, text: 'On it!' }),
    ]);
    await accept([...customerMessages(10), ...copies.slice(2)]);
    await careWorker.drain();

    // The care path is done; nothing is listened to yet, and one job holds all 34 messages.
    const before = await snapshot();
    expect(before).toMatchObject({ customerMessages: 34, themeRows: 0, volumeMessages: 0 });
    const payloads = await pendingListenPayloads();
    expect(payloads).toHaveLength(1);
    firstPayload = payloads[0] as ListenPayload;
    expect(firstPayload.organisationId).toBe(runtime.organisationId);
    expect(firstPayload.messages).toHaveLength(34);

    // The themes read the classification stored on the message row, not a copy in the job.
    const [firstId] = firstPayload.messages[0] as [number, number];
    await runtime.database.db
      .updateTable('messages')
      .set({ sentiment: 'positive', sentiment_score: 0.75 })
      .where('id', '=', firstId)
      .execute();

    await runtime.worker.drain();
    const after = await snapshot();
    expect(after).toMatchObject({
      customerMessages: 34,
      themeRows: 34,
      distinctThemeRows: 34,
      volumeMessages: 34,
      copiesClustered: [4],
    });
    expect(after.fingerprints).toBe(after.hashable);
    expect(after.themedMessages).toBeGreaterThan(0);
    expect(after.themeCounters).toBe(after.themedMessages);
    const stored = await runtime.database.db
      .selectFrom('theme_messages')
      .select(['sentiment', 'polarity'])
      .where('message_id', '=', firstId)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ sentiment: 'positive', polarity: 0.75 });
    // Backlash detection was queued (and has run) for the hours the messages fell into.
    expect(await pendingListenPayloads()).toEqual([]);
  });

  it('applies each message once when the same job runs again', async () => {
    const before = await snapshot();
    // As when a lease runs out while the first run is still going: the job is claimed again.
    await withTransaction(runtime.database, (trx) => enqueueJob(trx, listenJobKind, firstPayload));
    await runtime.worker.drain();
    expect(await snapshot()).toEqual(before);

    // Two runs at the same moment, each in its own transaction (PostgreSQL: the second waits for
    // the organisation's listen lock, then sees the first one's rows).
    await accept(customerMessages(12));
    await careWorker.drain();
    const [payload] = await pendingListenPayloads();
    if (!payload) throw new Error('no pending listen job');
    const job = { id: 0, kind: listenJobKind, payload, attempts: 1, maxAttempts: 8 };
    const context = {
      dialect: runtime.database.dialect,
      config: runtime.config,
      logger: runtime.logger,
      job,
      now: Date.now(),
      emit: () => undefined,
    };
    await Promise.all(
      [1, 2].map(() =>
        withTransaction(runtime.database, (trx) => listenJob.handle(trx, payload, context)),
      ),
    );
    const twice = await snapshot();
    expect(twice).toMatchObject({
      customerMessages: 46,
      themeRows: 46,
      distinctThemeRows: 46,
      volumeMessages: 46,
      copiesClustered: [4],
    });
    expect(twice.fingerprints).toBe(twice.hashable);
    expect(twice.themeCounters).toBe(twice.themedMessages);
    await runtime.worker.drain();
    expect(await snapshot()).toEqual(twice);
  });

  it('leaves no trace when it fails half-way, and applies everything once on the retry', async () => {
    await accept(customerMessages(15));
    await careWorker.drain();
    const before = await snapshot();
    expect(before.customerMessages - before.themeRows).toBe(15);

    // A crash after the themes were written, before the job could commit.
    const failing: ErasedStage = {
      name: 'crash',
      async run() {
        throw new Error('worker died');
      },
    };
    listeningStages.push(failing);
    try {
      await runtime.worker.drain();
    } finally {
      listeningStages.pop();
    }
    expect(await snapshot()).toEqual(before);
    const [job] = await runtime.database.db
      .selectFrom('jobs')
      .select(['status', 'attempts', 'last_error'])
      .where('kind', '=', listenJobKind)
      .execute();
    expect(job).toMatchObject({ status: 'ready', attempts: 1 });
    expect(job?.last_error).toContain('worker died');

    await runtime.database.db.updateTable('jobs').set({ run_at: 0 }).execute();
    await runtime.worker.drain();
    const after = await snapshot();
    expect(after).toMatchObject({
      customerMessages: 61,
      themeRows: 61,
      distinctThemeRows: 61,
      volumeMessages: 61,
      copiesClustered: [4],
    });
    expect(after.fingerprints).toBe(after.hashable);
    expect(after.themeCounters).toBe(after.themedMessages);
    expect(await pendingListenPayloads()).toEqual([]);
  });
});
