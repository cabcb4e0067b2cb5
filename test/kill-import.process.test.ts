import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectStats } from '../src/modules/admin/stats.service.js';
import { ingestJobKind } from '../src/modules/ingest/index.js';
import { listenJobKind } from '../src/pipeline/index.js';
import { countUnfinishedJobs } from '../src/platform/jobs/job-queue.js';
import { message } from '../src/test/fixtures.js';
import { createTestRuntime, type TestRuntime } from '../src/test/test-runtime.js';
import { waitFor } from '../src/test/wait-for.js';
import { listeningCounts, runHearken, startHearken } from './process-helpers.js';

/**
 * `kill -9` of an import at any moment loses no accepted event and creates no duplicate: run the
 * import, kill it hard part-way (once while it is still accepting rows, once while it is
 * processing them), run it again, and compare every count with the source file.
 */
const threads = 8000;
const rows = threads * 3;

let runtime: TestRuntime;
let file: string;

beforeAll(async () => {
  runtime = await createTestRuntime();
  file = path.join(runtime.dataDir, 'messages.jsonl');
  const lines: string[] = [];
  for (let thread = 0; thread < threads; thread++) {
    const question = message({ external_id: `q${thread}`, author: { handle: `person${thread}` } });
    const answer = message({
      external_id: `a${thread}`,
      direction: 'outbound',
      author: { handle: 'AcmeSupport' },
      in_reply_to: question.external_id,
    });
    const followUp = message({
      external_id: `f${thread}`,
      author: { handle: `person${thread}` },
      in_reply_to: answer.external_id,
    });
    // Out of order on purpose, as social networks deliver: the follow-up first.
    lines.push(JSON.stringify(followUp), JSON.stringify(question), JSON.stringify(answer));
  }
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
});
afterAll(async () => {
  await runtime.close();
});

// A short lease, so the job the killed import held is retried within seconds.
const environment = () => ({ ...runtime.childEnvironment, HEARKEN_JOB_LEASE_SECONDS: '5' });

async function count(table: 'inbound_events' | 'messages'): Promise<number> {
  const row = await runtime.database.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

async function killWhen(condition: () => Promise<boolean>): Promise<void> {
  const { child, finished } = startHearken(['import', 'jsonl', file], environment());
  // Polled every 5 ms: the window in which the import is part-way is short.
  const reached = await waitFor(
    async () => child.exitCode === null && (await condition()),
    (met) => met || child.exitCode !== null,
    120_000,
    5,
  );
  if (reached) child.kill('SIGKILL');
  const result = await finished;
  expect(result.signal, `import ended before the kill: ${result.stderr}`).toBe('SIGKILL');
}

describe('kill -9 during an import', () => {
  it('loses nothing and duplicates nothing once the import is run again', async () => {
    // 1. Killed while accepting: some batches committed, the rest never read.
    await killWhen(async () => (await count('inbound_events')) >= rows * 0.3);
    const acceptedBeforeKill = await count('inbound_events');
    expect(acceptedBeforeKill).toBeGreaterThan(0);
    expect(acceptedBeforeKill).toBeLessThan(rows);

    // 2. Killed while processing: every row accepted, only part of them threaded.
    await killWhen(async () => {
      const messages = await count('messages');
      return (await count('inbound_events')) === rows && messages > 0 && messages < rows;
    });
    const processedBeforeKill = await count('messages');
    expect(processedBeforeKill).toBeLessThan(rows);

    // 3. Run to the end; it waits for the killed import's lease to run out.
    const result = await runHearken(['import', 'jsonl', file, '--json'], environment());
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary.accepted + summary.duplicates).toBe(rows);

    // No ingest or listening work left behind (routing and SLA may have scheduled follow-ups).
    expect(await countUnfinishedJobs(runtime.database.db, [ingestJobKind, listenJobKind])).toBe(0);
    const stats = await collectStats(runtime.database.db, runtime.organisationId);
    expect(stats).toMatchObject({
      inbound_events: rows,
      inbound_events_unprocessed: 0,
      messages: rows,
      conversations: threads,
      conversations_with_customer_message: threads,
      contacts: threads,
      jobs_dead: 0,
    });
    const duplicates = await runtime.database.db
      .selectFrom('messages')
      .select('external_id')
      .groupBy('external_id')
      .having((eb) => eb.fn.countAll(), '>', 1)
      .execute();
    expect(duplicates).toEqual([]);
    // Every conversation is one whole thread of three.
    const sizes = await runtime.database.db
      .selectFrom('conversations')
      .select('message_count')
      .where('message_count', '!=', 3)
      .execute();
    expect(sizes).toEqual([]);
    // Every customer message (two per thread) listened to once, across the kills.
    const listened = await listeningCounts(runtime.database.db);
    expect(listened).toMatchObject({ themeRows: threads * 2, volumeMessages: threads * 2 });
    expect(listened.themeCounters).toBe(listened.themedMessages);
  }, 180_000);
});
