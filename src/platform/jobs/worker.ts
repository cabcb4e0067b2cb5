import os from 'node:os';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { type DatabaseHandle, withTransaction } from '../database/connection.js';
import type { Database } from '../database/schema.js';
import { type ClaimedJob, claimJobs, completeJob, failJob } from './job-queue.js';

/**
 * A handler runs inside the transaction that also deletes its job, so its writes and the job's
 * completion commit together. It may return a callback to run after the commit (to publish
 * domain events only once they are true).
 */
export type JobHandler = (
  trx: Kysely<Database>,
  payload: unknown,
  job: ClaimedJob,
) => Promise<undefined | (() => void)>;

export interface WorkerOptions {
  handle: DatabaseHandle;
  handlers: Map<string, JobHandler>;
  logger: Logger;
  concurrency: number;
  leaseMilliseconds: number;
  pollMilliseconds: number;
  workerId?: string;
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
    const kinds = [...this.options.handlers.keys()];
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
    const handler = this.options.handlers.get(job.kind);
    try {
      if (!handler) throw new Error(`no handler for job kind "${job.kind}"`);
      const afterCommit = await withTransaction(this.options.handle, async (trx) => {
        const callback = await handler(trx, job.payload, job);
        await completeJob(trx, job.id, this.workerId);
        return callback;
      });
      this.stats.completed++;
      afterCommit?.();
    } catch (error) {
      const outcome = await failJob(this.options.handle, job, this.workerId, error).catch(
        (failError: unknown) => {
          this.options.logger.error(
            { err: failError, jobId: job.id },
            'could not record job failure',
          );
          return 'retry' as const;
        },
      );
      if (outcome === 'dead') this.stats.dead++;
      else this.stats.retried++;
      this.options.logger.warn(
        { err: error, jobId: job.id, kind: job.kind, attempts: job.attempts, outcome },
        'job failed',
      );
    }
  }
}
