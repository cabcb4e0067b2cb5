import type { Kysely } from 'kysely';
import type { DialectName } from '../../platform/database/connection.js';
import type { Database } from '../../platform/database/schema.js';
import { enqueueJob } from '../../platform/jobs/job-queue.js';

export const assignJobKind = 'routing.assign';
export const handBackJobKind = 'routing.hand-back';
export const presenceCheckJobKind = 'routing.presence-check';

/** teamId null: every team of the organisation that has waiting conversations. */
export interface AssignJobPayload {
  organisationId: number;
  teamId: number | null;
}

export interface HandBackJobPayload {
  organisationId: number;
  teamId: number;
}

export interface PresenceCheckJobPayload {
  organisationId: number;
  userId: number;
}

/**
 * Queues an assignment run unless one for the same scope is already waiting to start. The
 * waiting job is locked on PostgreSQL until this transaction commits, so a worker cannot claim it
 * in between and miss the conversations written here (SQLite has one writer: nothing can claim it
 * meanwhile). A job already running does not count: it may have read the queue before our
 * writes, so a new one is needed.
 */
export async function enqueueAssignment(
  trx: Kysely<Database>,
  dialect: DialectName,
  payload: AssignJobPayload,
  now = Date.now(),
): Promise<void> {
  const text = JSON.stringify({ organisationId: payload.organisationId, teamId: payload.teamId });
  let waiting = trx
    .selectFrom('jobs')
    .select('id')
    .where('kind', '=', assignJobKind)
    .where('status', '=', 'ready')
    .where('run_at', '<=', now)
    .where('payload', '=', text)
    .limit(1);
  if (dialect === 'postgres') waiting = waiting.forUpdate();
  if (await waiting.executeTakeFirst()) return;
  await enqueueJob(trx, assignJobKind, JSON.parse(text), { runAt: now });
}

export function parseAssignPayload(payload: unknown): AssignJobPayload {
  const value = payload as Partial<AssignJobPayload> | null;
  if (
    !value ||
    typeof value.organisationId !== 'number' ||
    !(value.teamId === null || typeof value.teamId === 'number')
  ) {
    throw new Error('routing.assign payload must be { organisationId, teamId: number | null }');
  }
  return { organisationId: value.organisationId, teamId: value.teamId };
}

export function parseHandBackPayload(payload: unknown): HandBackJobPayload {
  const value = payload as Partial<HandBackJobPayload> | null;
  if (!value || typeof value.organisationId !== 'number' || typeof value.teamId !== 'number') {
    throw new Error('routing.hand-back payload must be { organisationId, teamId }');
  }
  return { organisationId: value.organisationId, teamId: value.teamId };
}

export function parsePresencePayload(payload: unknown): PresenceCheckJobPayload {
  const value = payload as Partial<PresenceCheckJobPayload> | null;
  if (!value || typeof value.organisationId !== 'number' || typeof value.userId !== 'number') {
    throw new Error('routing.presence-check payload must be { organisationId, userId }');
  }
  return { organisationId: value.organisationId, userId: value.userId };
}
