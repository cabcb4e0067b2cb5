import type { Static, TSchema } from '@sinclair/typebox';
import { type TypeCheck, TypeCompiler } from '@sinclair/typebox/compiler';
import { Value } from '@sinclair/typebox/value';
import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import type { DialectName } from '../database/connection.js';
import type { Database } from '../database/schema.js';
import type { Emit } from '../events.js';
import type { Logger } from '../logger.js';
import {
  type ClaimedJob,
  type EnqueueOptions,
  enqueueJob,
  enqueueOrMergeJob,
} from './job-queue.js';

/** What a job handler gets besides its transaction and payload. */
export interface JobContext {
  dialect: DialectName;
  config: Config;
  logger: Logger;
  job: ClaimedJob;
  /** The instant the job runs at (tests pin it). */
  now: number;
  /**
   * Domain events the job caused: the subscribers react inside the job's transaction, and the
   * events are published once it commits.
   */
  emit: Emit;
}

/**
 * A module's job: its kind, the schema of its payload (checked when a worker claims it; a payload
 * that does not match becomes a dead letter with the reason, never a crash loop) and its handler,
 * which runs inside the transaction that also deletes the job, so its writes and the job's
 * completion commit together. Handlers must be idempotent: a lease can expire while a slow worker
 * is still running.
 */
export interface JobDefinition<Schema extends TSchema = TSchema> {
  kind: string;
  payload: Schema;
  /**
   * Run the handler on the database itself rather than inside the job's transaction, for work
   * that waits on the network (sending a reply): holding a transaction open meanwhile would stall
   * every writer on SQLite. Such a handler commits its own steps and must be idempotent across
   * a crash between any two; the job is deleted in a transaction of its own afterwards.
   */
  outsideTransaction?: boolean;
  handle(trx: Kysely<Database>, payload: Static<Schema>, context: JobContext): Promise<void>;
}

export function defineJob<Schema extends TSchema>(
  definition: JobDefinition<Schema>,
): JobDefinition<Schema> {
  return definition;
}

/**
 * Thrown by a handler that must try again no sooner than `delayMilliseconds` (a channel's
 * `Retry-After`, a rate limit): the queue waits that long instead of its own backoff, if longer.
 */
export class RetryLaterError extends Error {
  override name = 'RetryLater';
  constructor(
    message: string,
    readonly delayMilliseconds: number,
  ) {
    super(message);
  }
}

/** Queues `definition`'s job with a payload of its schema, in the caller's transaction. */
export function enqueue<Schema extends TSchema>(
  trx: Kysely<Database>,
  definition: Pick<JobDefinition<Schema>, 'kind' | 'payload'>,
  payload: Static<Schema>,
  options?: EnqueueOptions,
): Promise<number> {
  return enqueueJob(trx, definition.kind, payload, options);
}

/** Why a claimed payload was refused, or null when it matches its job's schema. */
export type PayloadProblem = string | null;

interface RegisteredJob {
  definition: JobDefinition;
  check: TypeCheck<TSchema>;
}

/** Every job kind the process can run, collected from the modules once at start. */
export class JobRegistry {
  private readonly jobs = new Map<string, RegisteredJob>();

  constructor(definitions: readonly JobDefinition[]) {
    for (const definition of definitions) {
      if (this.jobs.has(definition.kind)) {
        throw new Error(`job kind ${definition.kind} is declared twice`);
      }
      this.jobs.set(definition.kind, {
        definition,
        check: TypeCompiler.Compile(definition.payload),
      });
    }
  }

  kinds(): string[] {
    return [...this.jobs.keys()];
  }

  /** A registry with only the kinds `keep` accepts (benchmarks and tests that run one half). */
  filter(keep: (kind: string) => boolean): JobRegistry {
    return new JobRegistry(
      [...this.jobs.values()].map((job) => job.definition).filter((job) => keep(job.kind)),
    );
  }

  /** The definition of `kind` and the problem with `payload`, if any. */
  resolve(
    kind: string,
    payload: unknown,
  ): { definition: JobDefinition; problem: PayloadProblem } | undefined {
    const job = this.jobs.get(kind);
    if (!job) return undefined;
    if (job.check.Check(payload)) return { definition: job.definition, problem: null };
    const first = job.check.Errors(payload).First();
    const where = first?.path ? first.path : '/';
    return {
      definition: job.definition,
      problem: `payload of ${kind} does not match its schema at ${where}: ${first?.message ?? 'invalid'}`,
    };
  }
}

/**
 * Folds new work into a pending job of `contract`'s kind (see `enqueueOrMergeJob`); `merge` only
 * ever sees pending payloads that match the contract's schema.
 */
export function enqueueOrMerge<Schema extends TSchema>(
  trx: Kysely<Database>,
  contract: Pick<JobDefinition<Schema>, 'kind' | 'payload'>,
  payload: Static<Schema>,
  merge: (pending: Static<Schema>) => Static<Schema> | undefined,
  options?: EnqueueOptions,
): Promise<number> {
  return enqueueOrMergeJob(
    trx,
    contract.kind,
    payload,
    (pending) => (Value.Check(contract.payload, pending) ? merge(pending) : undefined),
    options,
  );
}
