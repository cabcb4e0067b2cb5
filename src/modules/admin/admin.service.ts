import type { Static } from '@sinclair/typebox';
import type { AppContext } from '../../platform/context.js';
import { withTransaction } from '../../platform/database/connection.js';
import { notFound } from '../../platform/errors.js';
import { listJobs, retryAllDeadJobs, retryDeadJob } from '../../platform/jobs/job-queue.js';
import { recordAudit } from '../audit/index.js';
import { actorOf, type Principal } from '../auth/index.js';
import type { JobListQuerystring } from './admin.schema.js';

/** The caller's organisation's jobs in the queue (and system-wide ones), newest first. */
export async function jobsInQueue(
  context: AppContext,
  principal: Principal,
  query: Static<typeof JobListQuerystring>,
) {
  return listJobs(context.database.db, principal.organisationId, query.status, query.limit ?? 100);
}

/** Gives a dead job a fresh set of attempts, audited in the same transaction. */
export async function retryJob(
  context: AppContext,
  principal: Principal,
  jobId: number,
): Promise<void> {
  await withTransaction(context.database, async (trx) => {
    if (!(await retryDeadJob(trx, principal.organisationId, jobId))) throw notFound('dead job');
    await recordAudit(trx, {
      organisationId: principal.organisationId,
      actor: actorOf(principal),
      action: 'job.retried',
      subjectType: 'job',
      subjectId: jobId,
      changes: {},
    });
  });
}

/** Gives every dead job a fresh set of attempts; returns how many, audited when there were any. */
export async function retryAllDeadLetters(
  context: AppContext,
  principal: Principal,
): Promise<number> {
  return withTransaction(context.database, async (trx) => {
    const retried = await retryAllDeadJobs(trx, principal.organisationId);
    if (retried > 0) {
      await recordAudit(trx, {
        organisationId: principal.organisationId,
        actor: actorOf(principal),
        action: 'job.retried_all',
        subjectType: 'job',
        subjectId: null,
        changes: { retried },
      });
    }
    return retried;
  });
}
