import { ChannelRunner } from '../channels/channel-runner.js';
import { channelJobs } from '../channels/delivery.jobs.js';
import { alertJobs } from '../modules/alerts/index.js';
import { assertChannelSecretsReadable } from '../modules/channels/index.js';
import { loadActiveModels } from '../modules/classification/index.js';
import { consultJobs } from '../modules/consult/index.js';
import { ledgerJobs } from '../modules/ledger/index.js';
import { noticeJobs } from '../modules/notices/index.js';
import { ensureOrganisation } from '../modules/organisations/index.js';
import { rebuildAllReportRollups } from '../modules/reports/index.js';
import { routingJobs, routingSubscribers } from '../modules/routing/index.js';
import { slaJobs } from '../modules/sla/index.js';
import { themeJobs } from '../modules/themes/index.js';
import { webhookJobs, webhookSubscribers } from '../modules/webhooks/index.js';
import { ingestPathKinds, pipelineJobs } from '../pipeline/index.js';
import { type Config, databaseFilePath, loadConfig } from '../platform/config.js';
import type { AppContext } from '../platform/context.js';
import { openDatabase } from '../platform/database/connection.js';
import { migrateToLatest } from '../platform/database/migrate.js';
import { EventBus, type EventSubscriber } from '../platform/events.js';
import { type JobDefinition, JobRegistry } from '../platform/jobs/job-definition.js';
import { JobWorker } from '../platform/jobs/worker.js';
import { createLogger } from '../platform/logger.js';

/** Every job the modules and the pipeline declare; one registry for every role. */
export const allJobs: readonly JobDefinition[] = [
  ...pipelineJobs,
  ...routingJobs,
  ...slaJobs,
  ...themeJobs,
  ...alertJobs,
  ...channelJobs,
  ...webhookJobs,
  ...noticeJobs,
  ...consultJobs,
  ...ledgerJobs,
];

/** The modules' reactions to domain events, started for every role (serve and worker). */
export const allSubscribers: readonly EventSubscriber[] = [
  ...routingSubscribers,
  ...webhookSubscribers,
];

/** A migrated database, the instance's organisation and a job worker (not started). */
export interface Runtime extends AppContext {
  organisationId: number;
  worker: JobWorker;
  /**
   * Keeps the channels' connections (IMAP IDLE) open and fetches; started by the worker roles
   * (`hearken worker`, `serve` with its embedded worker) when HEARKEN_CHANNEL_RUNNER is on.
   */
  channels: ChannelRunner;
  /** Job kinds of the ingest path (care and listening): an import waits until none is left. */
  ingestPathKinds: readonly string[];
  close(): Promise<void>;
}

export interface RuntimeOptions {
  config?: Config;
  /** Log only warnings and errors (CLI commands that print their own output). */
  quiet?: boolean;
  /** PostgreSQL schema (tests give each worker its own). */
  postgresSchema?: string;
  workerId?: string;
}

export async function openRuntime(options: RuntimeOptions = {}): Promise<Runtime> {
  const config = options.config ?? loadConfig();
  const logger = createLogger(
    options.quiet && config.logLevel === 'info' ? 'warn' : config.logLevel,
  );
  const database = openDatabase({
    databaseUrl: config.databaseUrl,
    sqliteFile: databaseFilePath(config),
    poolSize: config.databasePoolSize,
    logger,
    ...(options.postgresSchema ? { postgresSchema: options.postgresSchema } : {}),
  });
  try {
    const { applied } = await migrateToLatest(database);
    if (applied.includes('007-report-rollup')) {
      // A database that already has history gets its report rollup once, from its metrics.
      await rebuildAllReportRollups(database.db);
    }
    await assertChannelSecretsReadable(database.db, config);
    const events = new EventBus();
    events.addSubscribers(allSubscribers);
    const context: AppContext = { config, database, logger, events };
    const organisationId = await ensureOrganisation(context);
    await loadActiveModels(context, organisationId);
    const worker = new JobWorker({
      handle: database,
      jobs: new JobRegistry(allJobs),
      events,
      config,
      logger,
      concurrency: config.workerConcurrency,
      leaseMilliseconds: config.jobLeaseSeconds * 1000,
      pollMilliseconds: config.jobPollMilliseconds,
      ...(options.workerId ? { workerId: options.workerId } : {}),
    });
    const channels = new ChannelRunner(context, { onAccepted: () => worker.nudge() });
    return {
      ...context,
      organisationId,
      worker,
      channels,
      ingestPathKinds,
      async close() {
        await channels.stop();
        await worker.stop();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}
