import os from 'node:os';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { type DatabaseHandle, withTransaction } from '../database/connection.js';
import type { DomainEvent, EventBus } from '../events.js';
import { type JobContext, type JobRegistry, RetryLaterError } from './job-definition.js';
import { type ClaimedJob, claimJobs, completeJob, failJob } from './job-queue.js';

/** A payload no retry can fix: the job goes to the dead letters at once, with the reason. */
class InvalidPayloadError extends Error {
  override name = 'InvalidPayload';
}

export interface WorkerOptions {
  handle: DatabaseHandle;
  jobs: JobRegistry;
  /** Subscribers react to a job's events in its transaction; listeners hear them after commit. */
  events: EventBus;
  config: Config;
  logger: Logger;
  concurrency: number;
  leaseMilliseconds: number;
  pollMilliseconds: number;
  workerId?: string;
  /** The instant handlers see as now (tests pin it). */
  clock?: () => number;
}

export interface WorkerStats {
  completed: number;
  retried: number;
  dead: number;
}

export class JobWorker {
  readonly workerId: string;
  readonly stats: WorkerStats = { completed: 0, retried: 0, dead: 0 };
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;

  constructor(private readonly options: WorkerOptions) {
    this.workerId =
      options.workerId ??
      `${os.hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Lets a producer in the same process skip the poll delay. */
  nudge(): void {
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /** Runs jobs until none is due; for imports and tests that want the queue empty. */
  async drain(): Promise<void> {
    while (await this.runOnce()) {
      // keep going while there was work
    }
  }

  /** Claims and runs one round of jobs. Returns whether any job was claimed. */
  async runOnce(): Promise<boolean> {
    const kinds = this.options.jobs.kinds();
    const jobs = await claimJobs(
      this.options.handle,
      this.workerId,
      this.options.concurrency,
      this.options.leaseMilliseconds,
      kinds,
    );
    await Promise.all(jobs.map((job) => this.execute(job)));
    return jobs.length > 0;
  }

  private async run(): Promise<void> {
    while (this.running) {
      let worked = false;
      try {
        worked = await this.runOnce();
      } catch (error) {
        this.options.logger.error({ err: error }, 'job worker could not claim jobs');
      }
      if (!worked && this.running) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.options.pollMilliseconds);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wake = undefined;
      }
    }
  }

  private async execute(job: ClaimedJob): Promise<void> {
    const { handle, jobs, events, config, logger } = this.options;
    try {
      const resolved = jobs.resolve(job.kind, job.payload);
      if (!resolved) throw new InvalidPayloadError(`no handler for job kind "${job.kind}"`);
      if (resolved.problem) throw new InvalidPayloadError(resolved.problem);
      const emitted: DomainEvent[] = [];
      const context: JobContext = {
        dialect: handle.dialect,
        config,
        logger,
        job,
        now: (this.options.clock ?? Date.now)(),
        emit: (batch) => {
          emitted.push(...batch);
        },
      };
      const { definition } = resolved;
      if (definition.outsideTransaction) await definition.handle(handle.db, job.payload, context);
      await withTransaction(handle, async (trx) => {
        if (!definition.outsideTransaction) await definition.handle(trx, job.payload, context);
        await events.react(trx, handle.dialect, emitted);
        await completeJob(trx, job.id, this.workerId);
      });
      this.stats.completed++;
      events.publish(emitted);
    } catch (error) {
      const permanent = error instanceof InvalidPayloadError;
      const delay = error instanceof RetryLaterError ? error.delayMilliseconds : 0;
      const outcome = await failJob(handle, job, this.workerId, error, permanent, delay).catch(
        (failError: unknown) => {
          logger.error({ err: failError, jobId: job.id }, 'could not record job failure');
          return 'retry' as const;
        },
      );
      if (outcome === 'dead') this.stats.dead++;
      else this.stats.retried++;
      logger.warn(
        { err: error, jobId: job.id, kind: job.kind, attempts: job.attempts, outcome },
        'job failed',
      );
    }
  }
}
