import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectStats } from '../src/modules/admin/stats.service.js';
import { acceptInbound, eventsPerJob, ingestJobKind } from '../src/modules/ingest/index.js';
import { notifyChannel } from '../src/modules/live/index.js';
import { listenJobKind } from '../src/pipeline/index.js';
import { countUnfinishedJobs } from '../src/platform/jobs/job-queue.js';
import { message } from '../src/test/fixtures.js';
import { createTestRuntime, type TestRuntime, usingPostgres } from '../src/test/test-runtime.js';
import { waitFor } from '../src/test/wait-for.js';
import { listeningCounts, startHearken } from './process-helpers.js';

/**
 * Several `hearken worker` processes drain one queue at the same time. Every event must be
 * processed exactly once: no message twice, none lost, threads intact across workers, and every
 * customer message listened to (themes, volumes) once. Runs on both databases (SQLite serialises
 * the writers across processes; PostgreSQL uses SKIP LOCKED and the ingest and listen advisory
 * locks).
 */
let runtime: TestRuntime;
beforeAll(async () => {
  runtime = await createTestRuntime();
});
afterAll(async () => {
  await runtime.close();
});

describe('several worker processes', () => {
  it('process every event exactly once', async () => {
    const threads = 1500;
    const all = [];
    for (let thread = 0; thread < threads; thread++) {
      const question = message();
      const answer = message({
        direction: 'outbound',
        author: { handle: 'AcmeSupport' },
        in_reply_to: question.external_id,
      });
      const followUp = message({ author: question.author, in_reply_to: answer.external_id });
      all.push(question, answer, followUp);
    }
    // Replies land in other jobs than their parents, often before them.
    all.reverse();
    const environment = {
      ...runtime.childEnvironment,
      HEARKEN_WORKER_CONCURRENCY: '2',
      HEARKEN_JOB_POLL_MS: '20',
    };
    // On PostgreSQL, separate workers relay their events to the serving processes (NOTIFY).
    const relayed = usingPostgres
      ? await listenForEvents(runtime.childEnvironment.DATABASE_URL as string)
      : null;
    const workers = [1, 2, 3].map(() => startHearken(['worker'], environment));
    // Wait until every worker polls, so they really compete for the jobs.
    await Promise.all(
      workers.map(
        ({ child }) =>
          new Promise<void>((resolve, reject) => {
            child.stderr?.on('data', (chunk) => String(chunk).includes('started') && resolve());
            child.on('exit', () => reject(new Error('worker exited before starting')));
          }),
      ),
    );
    // One commit makes every job visible at once, so the workers compete for them.
    const result = await acceptInbound(runtime.database, runtime.organisationId, all, 'test');
    expect(result.accepted).toBe(all.length);
    const jobs = Math.ceil(all.length / eventsPerJob);
    const kinds = [ingestJobKind, listenJobKind];
    await waitFor(
      () => countUnfinishedJobs(runtime.database.db, kinds),
      (unfinished) => unfinished === 0,
      60_000,
    );
    for (const { child } of workers) child.kill('SIGTERM');
    const results = await Promise.all(workers.map(({ finished }) => finished));
    if (relayed) {
      // A notification sent before a worker exited may still be on its way to this client.
      const created = await waitFor(
        () => relayed.messagesCreated(),
        (count) => count >= all.length,
        10_000,
      );
      await relayed.stop();
      expect(created).toBe(all.length);
    }
    for (const result of results) expect(result.code, result.stderr).toBe(0);
    const completed = results.map(
      (result) => JSON.parse(result.stdout.trim().split('\n').pop() as string).completed as number,
    );
    // Ingest jobs plus the follow-up jobs they enqueue (routing, SLA checks).
    expect(completed.reduce((sum, count) => sum + count, 0)).toBeGreaterThanOrEqual(jobs);
    // On PostgreSQL the workers run batches side by side. SQLite has one writer and its busy
    // handler is not fair, so there one worker may well do all of it; exactly-once is what counts.
    if (usingPostgres) expect(completed.filter((count) => count > 0).length).toBeGreaterThan(1);
    // No ingest or listening work left behind (routing and SLA may have scheduled follow-ups).
    expect(await countUnfinishedJobs(runtime.database.db, kinds)).toBe(0);
    const stats = await collectStats(runtime.database.db, runtime.organisationId);
    expect(stats).toMatchObject({
      messages: all.length,
      inbound_events_unprocessed: 0,
      conversations: threads,
      contacts: threads,
      jobs_dead: 0,
    });
    // Two customer messages per thread, each listened to once.
    const listened = await listeningCounts(runtime.database.db);
    expect(listened).toMatchObject({ themeRows: threads * 2, volumeMessages: threads * 2 });
    expect(listened.themeCounters).toBe(listened.themedMessages);
  });
});

/** Counts the message.created events other processes send on the live-updates channel. */
async function listenForEvents(url: string) {
  const client = new pg.Client({ connectionString: url });
  const schema = new URL(url).searchParams.get('options')?.replace('-c search_path=', '');
  let created = 0;
  client.on('notification', (notification) => {
    const envelope = JSON.parse(notification.payload ?? '{}');
    if (envelope.scope !== schema) return;
    for (const event of envelope.events ?? []) if (event.type === 'message.created') created++;
  });
  await client.connect();
  await client.query(`LISTEN ${notifyChannel}`);
  return { messagesCreated: () => created, stop: () => client.end() };
}
