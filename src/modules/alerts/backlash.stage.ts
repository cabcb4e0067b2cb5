import type { Kysely } from 'kysely';
import type { PipelineStage } from '../../pipeline/index.js';
import type { Database } from '../../platform/database/schema.js';
import { enqueueJob } from '../../platform/jobs/job-queue.js';
import { hourStart } from '../themes/index.js';
import { type DetectJobPayload, detectJobKind } from './alert.jobs.js';

/**
 * After the themes stage has rolled the batch into hourly volumes: queues spike detection for
 * the hours the batch's customer messages fell into. Detection runs in its own job so a slow
 * detection never holds the ingest transaction.
 */
export const backlashStage: PipelineStage = {
  name: 'backlash',
  async run(batch) {
    const hours = new Set<number>();
    for (const item of batch.items) {
      if (!item.duplicate && item.direction === 'inbound' && item.messageId !== undefined) {
        hours.add(hourStart(item.createdAt));
      }
    }
    if (hours.size === 0) return;
    await queueDetection(batch.trx, batch.organisationId, hours);
  },
};

/**
 * Adds the hours to the organisation's detect job that has not started yet, or queues one.
 * Detection re-reads the history of every hour it looks at, so one job per ingest batch made it a
 * quarter of ingest; a pending job sees the hours' final counts anyway when it runs. Only fresh
 * ready jobs are merged into (a retried one waits out its backoff), and the update re-checks the
 * status, so a job a worker claimed meanwhile is left alone and a new one is queued instead.
 */
async function queueDetection(
  trx: Kysely<Database>,
  organisationId: number,
  hours: Set<number>,
): Promise<void> {
  // The ready queue is small (finished jobs are deleted) and served by the jobs_claim index.
  const pending = await trx
    .selectFrom('jobs')
    .select(['id', 'payload'])
    .where('status', '=', 'ready')
    .where('kind', '=', detectJobKind)
    .where('attempts', '=', 0)
    .orderBy('id')
    .execute();
  for (const job of pending) {
    const payload = JSON.parse(job.payload) as Partial<DetectJobPayload>;
    if (payload.organisationId !== organisationId || !Array.isArray(payload.hours)) continue;
    const merged: DetectJobPayload = {
      organisationId,
      hours: [...new Set([...payload.hours, ...hours])].sort((a, b) => a - b),
    };
    const updated = await trx
      .updateTable('jobs')
      .set({ payload: JSON.stringify(merged), updated_at: Date.now() })
      .where('id', '=', job.id)
      .where('status', '=', 'ready')
      .where('attempts', '=', 0)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) > 0) return;
  }
  const payload: DetectJobPayload = { organisationId, hours: [...hours].sort((a, b) => a - b) };
  await enqueueJob(trx, detectJobKind, payload, { maxAttempts: 5 });
}
