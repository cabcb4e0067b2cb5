import { type ExpressionBuilder, type Kysely, sql } from 'kysely';
import { type DatabaseHandle, type DialectName, withTransaction } from '../database/connection.js';
import type { Database, JobStatus } from '../database/schema.js';

/**
 * The durable job queue lives in the database (the Solid Queue / Oban / River pattern): a job is
 * enqueued in the same transaction as the data it is about, claimed with a lease (FOR UPDATE SKIP
 * LOCKED on PostgreSQL; SQLite has one writer at a time), and deleted in the same transaction as
 * its handler's writes, so a crash at any moment either leaves the job to be retried or has
 * committed both the work and its removal. Handlers must still be idempotent, because a lease can
 * expire while a slow worker is still running.
 */
export interface EnqueueOptions {
  runAt?: number;
  maxAttempts?: number;
  /**
   * The organisation the job works for, when its payload does not say (`organisationId`); null
   * for a system-wide job. Admins see and retry only their organisation's dead jobs.
   */
  organisationId?: number | null;
}

/** The payload's `organisationId`, where the modules' job payloads keep it. */
function organisationOf(payload: unknown): number | null {
  const value = (payload as { organisationId?: unknown } | null)?.organisationId;
  return typeof value === 'number' && Number.isSafeInteger(value) ? value : null;
}

export interface ClaimedJob {
  id: number;
  kind: string;
  payload: unknown;
  attempts: number;
  maxAttempts: number;
}

export interface JobRow {
  id: number;
  kind: string;
  status: JobStatus;
  attempts: number;
  maxAttempts: number;
  runAt: number;
  lastError: string | null;
  createdAt: number;
  updatedAt: number;
  /** The payload's JSON cut to `payloadPreviewLength` characters (with … when cut). */
  payloadPreview: string;
}

/** Enough of a payload to recognise the job; a whole ingest batch would be thousands of ids. */
const payloadPreviewLength = 200;

const defaultMaxAttempts = 8;

export async function enqueueJob(
  trx: Kysely<Database>,
  kind: string,
  payload: unknown,
  options: EnqueueOptions = {},
): Promise<number> {
  const now = Date.now();
  const row = await trx
    .insertInto('jobs')
    .values({
      organisation_id:
        options.organisationId === undefined ? organisationOf(payload) : options.organisationId,
      kind,
      payload: JSON.stringify(payload),
      status: 'ready',
      attempts: 0,
      max_attempts: options.maxAttempts ?? defaultMaxAttempts,
      run_at: options.runAt ?? now,
      locked_until: null,
      locked_by: null,
      last_error: null,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Queues a job unless one of the same kind with the same payload is already waiting to start. The
 * waiting job is locked on PostgreSQL until this transaction commits, so a worker cannot claim it
 * in between and miss what the caller wrote (SQLite has one writer: nothing can claim it
 * meanwhile). A job already running does not count: it may have read before the caller's writes.
 */
export async function enqueueUnlessWaiting(
  trx: Kysely<Database>,
  dialect: DialectName,
  kind: string,
  payload: unknown,
  now = Date.now(),
): Promise<void> {
  const text = JSON.stringify(payload);
  let waiting = trx
    .selectFrom('jobs')
    .select('id')
    .where('kind', '=', kind)
    .where('status', '=', 'ready')
    .where('run_at', '<=', now)
    .where('payload', '=', text)
    .limit(1);
  if (dialect === 'postgres') waiting = waiting.forUpdate();
  if (await waiting.executeTakeFirst()) return;
  await enqueueJob(trx, kind, payload, { runAt: now });
}

/** How many of the newest pending jobs of a kind `enqueueOrMergeJob` offers to `merge`. */
const mergeCandidates = 8;

/**
 * Folds new work into a job of `kind` that no worker has started yet (ready, never attempted), or
 * queues a new job with `payload`. `merge` gets a pending job's payload and returns the combined
 * payload, or undefined when that job cannot take the work (another organisation's, or full).
 * Only the newest pending jobs are offered (older ones are usually full, and a payload can be
 * large). A retried job waits out its backoff and is left alone; the update re-checks the status,
 * so a job a worker claimed meanwhile keeps the payload it was claimed with and a new one is
 * queued instead (on PostgreSQL the update waits for the claim's row lock, then re-reads the row).
 */
export async function enqueueOrMergeJob(
  trx: Kysely<Database>,
  kind: string,
  payload: unknown,
  merge: (pending: unknown) => unknown,
  options: EnqueueOptions = {},
): Promise<number> {
  // The ready queue is small (finished jobs are deleted) and served by the jobs_claim index.
  const pending = await trx
    .selectFrom('jobs')
    .select(['id', 'payload'])
    .where('status', '=', 'ready')
    .where('kind', '=', kind)
    .where('attempts', '=', 0)
    .orderBy('id', 'desc')
    .limit(mergeCandidates)
    .execute();
  for (const job of pending) {
    const merged = merge(JSON.parse(job.payload) as unknown);
    if (merged === undefined) continue;
    const updated = await trx
      .updateTable('jobs')
      .set({ payload: JSON.stringify(merged), updated_at: Date.now() })
      .where('id', '=', job.id)
      .where('status', '=', 'ready')
      .where('attempts', '=', 0)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) > 0) return job.id;
  }
  return enqueueJob(trx, kind, payload, options);
}

/**
 * Claims up to `limit` due jobs for `workerId`: ready jobs whose time has come, and running jobs
 * whose lease ran out (their worker died).
 */
export async function claimJobs(
  handle: DatabaseHandle,
  workerId: string,
  limit: number,
  leaseMilliseconds: number,
  kinds?: string[],
): Promise<ClaimedJob[]> {
  const now = Date.now();
  const due = (db: Kysely<Database>) => {
    let query = db
      .selectFrom('jobs')
      .select('id')
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'ready'), eb('run_at', '<=', now)]),
          eb.and([eb('status', '=', 'running'), eb('locked_until', '<', now)]),
        ]),
      )
      .orderBy('run_at')
      .orderBy('id')
      .limit(limit);
    if (kinds && kinds.length > 0) query = query.where('kind', 'in', kinds);
    return query;
  };
  return withTransaction(handle, async (trx) => {
    const candidates =
      handle.dialect === 'postgres'
        ? await due(trx).forUpdate().skipLocked().execute()
        : await due(trx).execute();
    if (candidates.length === 0) return [];
    const rows = await trx
      .updateTable('jobs')
      .set({
        status: 'running',
        locked_by: workerId,
        locked_until: now + leaseMilliseconds,
        attempts: sql<number>`attempts + 1`,
        updated_at: now,
      })
      .where(
        'id',
        'in',
        candidates.map((candidate) => candidate.id),
      )
      .returning(['id', 'kind', 'payload', 'attempts', 'max_attempts'])
      .execute();
    return rows
      .sort((a, b) => a.id - b.id)
      .map((row) => ({
        id: row.id,
        kind: row.kind,
        payload: JSON.parse(row.payload) as unknown,
        attempts: row.attempts,
        maxAttempts: row.max_attempts,
      }));
  });
}

/** Removes a finished job; call inside the handler's transaction. */
export async function completeJob(trx: Kysely<Database>, jobId: number, workerId: string) {
  await trx.deleteFrom('jobs').where('id', '=', jobId).where('locked_by', '=', workerId).execute();
}

/** Exponential backoff with a ceiling: 2s, 4s, 8s ... up to one hour. */
export function retryDelayMilliseconds(attempts: number): number {
  return Math.min(3_600_000, 1000 * 2 ** Math.max(1, attempts));
}

/**
 * Records a failed attempt: the job waits out its backoff, or becomes a dead letter after its last
 * attempt, or at once when `permanent` (a payload that no retry can fix).
 */
export async function failJob(
  handle: DatabaseHandle,
  job: ClaimedJob,
  workerId: string,
  error: unknown,
  permanent = false,
  /** The least the job must wait (a channel's Retry-After); the backoff applies if longer. */
  minimumDelayMilliseconds = 0,
): Promise<'retry' | 'dead'> {
  const now = Date.now();
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const dead = permanent || job.attempts >= job.maxAttempts;
  await handle.db
    .updateTable('jobs')
    .set({
      status: dead ? 'dead' : 'ready',
      run_at: dead
        ? now
        : now + Math.max(retryDelayMilliseconds(job.attempts), minimumDelayMilliseconds),
      locked_by: null,
      locked_until: null,
      last_error: message.slice(0, 4000),
      updated_at: now,
    })
    .where('id', '=', job.id)
    .where('locked_by', '=', workerId)
    .execute();
  return dead ? 'dead' : 'retry';
}

/** Cuts by code points, as substr does on both databases, so no emoji is split in half. */
function previewOf(head: string): string {
  const characters = Array.from(head);
  if (characters.length <= payloadPreviewLength) return head;
  return `${characters.slice(0, payloadPreviewLength).join('')}…`;
}

/**
 * What an admin of `organisationId` may see and retry: their organisation's jobs and the
 * system-wide ones (no organisation), never another organisation's.
 */
function visibleTo(organisationId: number) {
  return (eb: ExpressionBuilder<Database, 'jobs'>) =>
    eb.or([eb('organisation_id', '=', organisationId), eb('organisation_id', 'is', null)]);
}

export async function listJobs(
  db: Kysely<Database>,
  organisationId: number,
  status: JobStatus | undefined,
  limit: number,
): Promise<JobRow[]> {
  let query = db
    .selectFrom('jobs')
    .where(visibleTo(organisationId))
    .select([
      'id',
      'kind',
      'status',
      'attempts',
      'max_attempts',
      'run_at',
      'last_error',
      'created_at',
      'updated_at',
      // One character more than the preview shows, to know whether it was cut.
      sql<string>`substr(payload, 1, ${payloadPreviewLength + 1})`.as('payload_head'),
    ])
    .orderBy('id', 'desc')
    .limit(limit);
  if (status) query = query.where('status', '=', status);
  const rows = await query.execute();
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    status: row.status,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    runAt: row.run_at,
    lastError: row.last_error,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    payloadPreview: previewOf(row.payload_head),
  }));
}

/** Gives a dead job a fresh set of attempts. Returns false when no dead job it may see has that id. */
export async function retryDeadJob(
  db: Kysely<Database>,
  organisationId: number,
  jobId: number,
): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set({ status: 'ready', attempts: 0, run_at: Date.now(), updated_at: Date.now() })
    .where('id', '=', jobId)
    .where(visibleTo(organisationId))
    .where('status', '=', 'dead')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Gives every dead job a fresh set of attempts; returns how many there were. */
export async function retryAllDeadJobs(
  db: Kysely<Database>,
  organisationId: number,
): Promise<number> {
  const now = Date.now();
  const result = await db
    .updateTable('jobs')
    .set({ status: 'ready', attempts: 0, run_at: now, updated_at: now })
    .where(visibleTo(organisationId))
    .where('status', '=', 'dead')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Jobs an admin of `organisationId` sees (see `visibleTo`), pending and dead. */
export async function countJobs(
  db: Kysely<Database>,
  organisationId: number,
): Promise<{ pending: number; dead: number }> {
  const rows = await db
    .selectFrom('jobs')
    .where(visibleTo(organisationId))
    .select(['status', (eb) => eb.fn.countAll<number>().as('count')])
    .groupBy('status')
    .execute();
  let pending = 0;
  let dead = 0;
  for (const row of rows) {
    if (row.status === 'dead') dead += Number(row.count);
    else pending += Number(row.count);
  }
  return { pending, dead };
}

/** Jobs of these kinds that are not finished yet (ready, leased, or waiting for a retry). */
export async function countUnfinishedJobs(db: Kysely<Database>, kinds: string[]): Promise<number> {
  const row = await db
    .selectFrom('jobs')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('status', '!=', 'dead')
    .where('kind', 'in', kinds)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
