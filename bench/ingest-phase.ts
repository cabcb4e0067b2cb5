import { acceptInbound } from '../src/modules/ingest/index.js';
import type { InboundMessage } from '../src/pipeline/index.js';
import type { BenchRuntime } from './bench-runtime.js';

/** Messages per acceptInbound call, as the inbound API (maxBatch) and the importer send them. */
export const acceptBatchSize = 1000;

export interface IngestFigures {
  messages: number;
  acceptSeconds: number;
  processSeconds: number;
  totalSeconds: number;
  /** CPU time of this process (user + system): unlike wall time, not inflated by other load. */
  acceptCpuSeconds: number;
  processCpuSeconds: number;
  jobsCompleted: number;
  jobsFailed: number;
  /** Id of the first message row this run wrote: the bare insert copies the rows from there. */
  firstMessageId: number;
}

export interface IngestHooks {
  /** Called between the two halves, with the accept time. */
  afterAccept?: (acceptSeconds: number) => void;
  /** Runs the processing half (e.g. under the CPU profiler); it must call `drain`. */
  aroundProcessing?: (drain: () => Promise<void>) => Promise<void>;
}

/**
 * Pushes `deliveries` through the full ingest path: acceptInbound in batches (durable events and
 * one job per batch, one transaction each), then the worker drains the queue. The clock runs from
 * the first accept to the empty queue; accept and processing are timed apart too.
 */
export async function runIngest(
  runtime: BenchRuntime,
  deliveries: InboundMessage[],
  hooks: IngestHooks = {},
): Promise<IngestFigures> {
  const before = await runtime.database.db
    .selectFrom('messages')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  const firstMessageId = Number(before?.id ?? 0) + 1;
  const statsBefore = { ...runtime.worker.stats };

  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  let accepted = 0;
  for (let start = 0; start < deliveries.length; start += acceptBatchSize) {
    const batch = deliveries.slice(start, start + acceptBatchSize);
    const result = await acceptInbound(runtime.database, runtime.organisationId, batch, 'bench');
    accepted += result.accepted;
  }
  const acceptedAt = performance.now();
  const cpuAccept = process.cpuUsage(cpuStarted);
  hooks.afterAccept?.((acceptedAt - started) / 1000);
  const drain = () => runtime.worker.drain();
  await (hooks.aroundProcessing ? hooks.aroundProcessing(drain) : drain());
  const finished = performance.now();
  const cpuTotal = process.cpuUsage(cpuStarted);
  const cpuSeconds = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1e6;

  if (accepted !== deliveries.length) {
    throw new Error(`accepted ${accepted} of ${deliveries.length} messages (duplicates?)`);
  }
  const stats = runtime.worker.stats;
  return {
    messages: deliveries.length,
    acceptSeconds: (acceptedAt - started) / 1000,
    processSeconds: (finished - acceptedAt) / 1000,
    totalSeconds: (finished - started) / 1000,
    acceptCpuSeconds: cpuSeconds(cpuAccept),
    processCpuSeconds: cpuSeconds(cpuTotal) - cpuSeconds(cpuAccept),
    jobsCompleted: stats.completed - statsBefore.completed,
    jobsFailed: stats.retried - statsBefore.retried + (stats.dead - statsBefore.dead),
    firstMessageId,
  };
}

/** What the run left behind, to check that every message was processed exactly once. */
export async function countRunOutcome(runtime: BenchRuntime, firstMessageId: number) {
  const db = runtime.database.db;
  const messages = await db
    .selectFrom('messages')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('organisation_id', '=', runtime.organisationId)
    .where('id', '>=', firstMessageId)
    .executeTakeFirstOrThrow();
  // Jobs scheduled for later (an SLA check at the due time) are the queue's normal state.
  const jobs = await db
    .selectFrom('jobs')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('run_at', '<=', Date.now())
    .executeTakeFirstOrThrow();
  const unprocessed = await db
    .selectFrom('inbound_events')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('processed_at', 'is', null)
    .executeTakeFirstOrThrow();
  return {
    messages: Number(messages.count),
    jobsLeft: Number(jobs.count),
    unprocessedEvents: Number(unprocessed.count),
  };
}
