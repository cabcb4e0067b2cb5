import { allJobs } from '../src/cli/runtime.js';
import { backlashDetection, emailDelivery } from '../src/modules/alerts/index.js';
import { acceptInbound, type InboundMessage } from '../src/modules/ingest/index.js';
import { reclusterJob } from '../src/modules/themes/index.js';
import { webhookDelivery } from '../src/modules/webhooks/index.js';
import { listenJobKind } from '../src/pipeline/index.js';
import { JobRegistry } from '../src/platform/jobs/job-definition.js';
import { JobWorker, type WorkerStats } from '../src/platform/jobs/worker.js';
import type { BenchRuntime } from './bench-runtime.js';

/** Jobs of listening: the listen job and what it leads to. Everything else is the care path. */
const listeningKinds = new Set([
  listenJobKind,
  backlashDetection.kind,
  reclusterJob.kind,
  webhookDelivery.kind,
  emailDelivery.kind,
]);

/** Messages per acceptInbound call, as the inbound API (maxBatch) and the importer send them. */
const acceptBatchSize = 1000;

export interface IngestFigures {
  messages: number;
  acceptSeconds: number;
  processSeconds: number;
  totalSeconds: number;
  /** CPU time of this process (user + system): unlike wall time, not inflated by other load. */
  acceptCpuSeconds: number;
  processCpuSeconds: number;
  /** The processing half split: the care path's jobs (ingest, routing, SLA) drained first. */
  careSeconds: number;
  careCpuSeconds: number;
  /** Then the listening jobs (listen, alert detection) over what the care path stored. */
  listenSeconds: number;
  listenCpuSeconds: number;
  jobsCompleted: number;
  listenJobsCompleted: number;
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
 * one job per batch, one transaction each), then the queue is drained: first the care path's jobs
 * by a worker that only has their handlers, then everything left (the listen jobs the ingest jobs
 * queued, and alert detection) by the runtime's worker. A single worker would run them in the
 * same order (the queue is first in, first out, and every listen job is queued after the ingest
 * jobs of this run), so the split only makes the two halves measurable. The clock runs from the
 * first accept to the empty queue; accept, care path and listening are timed apart too.
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
  const careWorker = new JobWorker({
    handle: runtime.database,
    jobs: new JobRegistry(allJobs).filter((kind) => !listeningKinds.has(kind)),
    events: runtime.events,
    config: runtime.config,
    logger: runtime.logger,
    concurrency: runtime.config.workerConcurrency,
    leaseMilliseconds: runtime.config.jobLeaseSeconds * 1000,
    pollMilliseconds: runtime.config.jobPollMilliseconds,
  });

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
  let careAt = acceptedAt;
  let cpuCare = cpuAccept;
  const drain = async () => {
    await careWorker.drain();
    careAt = performance.now();
    cpuCare = process.cpuUsage(cpuStarted);
    await runtime.worker.drain();
  };
  await (hooks.aroundProcessing ? hooks.aroundProcessing(drain) : drain());
  const finished = performance.now();
  const cpuTotal = process.cpuUsage(cpuStarted);
  const cpuSeconds = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1e6;
  const completed = (stats: WorkerStats, before: WorkerStats) => stats.completed - before.completed;
  const failed = (stats: WorkerStats, before: WorkerStats) =>
    stats.retried - before.retried + (stats.dead - before.dead);
  const none: WorkerStats = { completed: 0, retried: 0, dead: 0 };

  if (accepted !== deliveries.length) {
    throw new Error(`accepted ${accepted} of ${deliveries.length} messages (duplicates?)`);
  }
  return {
    messages: deliveries.length,
    acceptSeconds: (acceptedAt - started) / 1000,
    processSeconds: (finished - acceptedAt) / 1000,
    totalSeconds: (finished - started) / 1000,
    acceptCpuSeconds: cpuSeconds(cpuAccept),
    processCpuSeconds: cpuSeconds(cpuTotal) - cpuSeconds(cpuAccept),
    careSeconds: (careAt - acceptedAt) / 1000,
    careCpuSeconds: cpuSeconds(cpuCare) - cpuSeconds(cpuAccept),
    listenSeconds: (finished - careAt) / 1000,
    listenCpuSeconds: cpuSeconds(cpuTotal) - cpuSeconds(cpuCare),
    jobsCompleted: completed(careWorker.stats, none) + completed(runtime.worker.stats, statsBefore),
    listenJobsCompleted: completed(runtime.worker.stats, statsBefore),
    jobsFailed: failed(careWorker.stats, none) + failed(runtime.worker.stats, statsBefore),
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
