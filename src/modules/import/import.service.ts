import { analyzeTables, ingestPathTables, largeImport } from '../../platform/database/analyze.js';
import type { DatabaseHandle } from '../../platform/database/connection.js';
import { countUnfinishedJobs } from '../../platform/jobs/job-queue.js';
import type { InboundMessage } from '../ingest/index.js';
import { acceptInbound, eventsPerJob } from '../ingest/index.js';
import { airlineReader } from './airline.reader.js';
import { jsonlReader } from './jsonl.reader.js';
import type { ImportFormat, ImportReader, ReadPhase, RowError } from './reader.js';
import { twcsReader } from './twcs.reader.js';

const readers: Record<ImportFormat, ImportReader> = {
  twcs: twcsReader,
  airline: airlineReader,
  jsonl: jsonlReader,
};

/** Messages per acceptInbound call: one transaction and one processing job each. */
const importBatchSize = 1000;
/** Row errors kept with their line and message; the rest are only counted. */
const keptRowErrors = 20;

/** What an import needs from the running instance (a CLI runtime or a test runtime). */
export interface ImportRuntime {
  database: DatabaseHandle;
  organisationId: number;
  /** The ingest path's job kinds (the ingest job and the listening after it), to wait for. */
  ingestPathKinds: readonly string[];
  worker: {
    drain(): Promise<void>;
    runOnce(): Promise<boolean>;
    readonly stats: { completed: number; retried: number; dead: number };
  };
}

export type ImportProgress =
  | { phase: ReadPhase; bytesRead: number; totalBytes: number; rowsRead: number }
  | { phase: 'processing'; jobsDone: number; jobsTotal: number };

export interface ImportOptions {
  /** Process the queued messages before returning (default); false leaves them to a worker. */
  process?: boolean;
  /** twcs: brand handles to recognise in @mentions when the file lacks the brands' replies. */
  brands?: readonly string[];
  onProgress?: (progress: ImportProgress) => void;
}

export interface ImportSummary {
  format: ImportFormat;
  file: string;
  rowsRead: number;
  accepted: number;
  /** Messages already stored, or repeated within the file: they created nothing. */
  duplicates: number;
  rowErrorCount: number;
  /** The first row errors, in file order. */
  rowErrors: RowError[];
  processed: boolean;
  /** Processing jobs that failed during this run (retried later, or dead after the last try). */
  failedJobs: number;
  readSeconds: number;
  processSeconds: number;
  rowsPerSecond: number;
}

/**
 * Cheap checks of the file for the format (exists, not empty, right header) that the CLI runs
 * before it opens the database. Throws ImportFileError.
 */
export async function checkImportFile(format: ImportFormat, file: string): Promise<void> {
  await readers[format].check(file);
}

/**
 * Streams the file into the ingest path in batches, through acceptInbound like every other
 * source, then (unless told not to) runs the processing jobs. Rerunning the same file accepts
 * nothing: every message is already stored under its channel and external id.
 */
export async function importFile(
  runtime: ImportRuntime,
  format: ImportFormat,
  file: string,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const started = performance.now();
  let rowsRead = 0;
  let bytesRead = 0;
  let phase: ReadPhase = 'reading';
  let totalBytes = 0;
  const report = () => options.onProgress?.({ phase, bytesRead, totalBytes, rowsRead });

  const source = await readers[format].open(file, {
    ...(options.brands ? { brands: options.brands } : {}),
    onProgress: (progress) => {
      ({ phase, bytesRead, totalBytes } = progress);
      report();
    },
  });
  totalBytes = source.totalBytes;

  const summary: ImportSummary = {
    format,
    file,
    rowsRead: 0,
    accepted: 0,
    duplicates: 0,
    rowErrorCount: 0,
    rowErrors: [],
    processed: false,
    failedJobs: 0,
    readSeconds: 0,
    processSeconds: 0,
    rowsPerSecond: 0,
  };
  let jobsTotal = 0;
  let batch: InboundMessage[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const result = await acceptInbound(
      runtime.database,
      runtime.organisationId,
      batch,
      `import:${format}`,
    );
    summary.accepted += result.accepted;
    summary.duplicates += result.duplicates;
    jobsTotal += Math.ceil(result.accepted / eventsPerJob);
    batch = [];
  };

  for await (const item of source.rows()) {
    rowsRead++;
    if (item.error !== undefined) {
      summary.rowErrorCount++;
      if (summary.rowErrors.length < keptRowErrors) {
        summary.rowErrors.push({ line: item.line, message: item.error });
      }
    } else {
      batch.push(item.message);
      if (batch.length >= importBatchSize) await flush();
    }
    // Rows arrive faster than anyone can read; the byte callback already reports each chunk.
    if (rowsRead % 1000 === 0) report();
  }
  await flush();
  // Workers read the events and claim the jobs by key: give the planner their new sizes.
  if (summary.accepted >= largeImport) {
    await analyzeTables(runtime.database, ['inbound_events', 'jobs']);
  }
  summary.rowsRead = rowsRead;
  summary.readSeconds = (performance.now() - started) / 1000;
  summary.rowsPerSecond = summary.readSeconds > 0 ? rowsRead / summary.readSeconds : rowsRead;

  if (options.process ?? true) {
    const processStarted = performance.now();
    const before = { ...runtime.worker.stats };
    await drainWithProgress(runtime.worker, jobsTotal, options.onProgress);
    await waitForUnfinishedIngest(runtime);
    summary.failedJobs =
      runtime.worker.stats.retried - before.retried + (runtime.worker.stats.dead - before.dead);
    summary.processed = true;
    if (summary.accepted >= largeImport) await analyzeTables(runtime.database, ingestPathTables);
    summary.processSeconds = (performance.now() - processStarted) / 1000;
  }
  return summary;
}

/**
 * Jobs can still be unfinished after a drain: leased by a worker that died (a killed earlier
 * import; the lease runs out after HEARKEN_JOB_LEASE_SECONDS) or waiting for a retry. The import
 * is only done when every ingest job and the listening that follows it have finished, so wait
 * for them and run them here.
 */
async function waitForUnfinishedIngest(runtime: ImportRuntime): Promise<void> {
  while ((await countUnfinishedJobs(runtime.database.db, [...runtime.ingestPathKinds])) > 0) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    await runtime.worker.drain();
  }
}

async function drainWithProgress(
  worker: ImportRuntime['worker'],
  jobsTotal: number,
  onProgress: ImportOptions['onProgress'],
): Promise<void> {
  const completedBefore = worker.stats.completed;
  const report = () =>
    onProgress?.({
      phase: 'processing',
      jobsDone: Math.min(worker.stats.completed - completedBefore, jobsTotal),
      jobsTotal,
    });
  report();
  // drain() one round at a time, to report between rounds: with SQLite the driver is
  // synchronous, so a timer would never fire while drain() runs.
  while (await worker.runOnce()) {
    report();
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  await worker.drain();
  report();
}
