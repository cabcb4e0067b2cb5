import type { Kysely } from 'kysely';
import type { ListeningStage } from '../../pipeline/index.js';
import type { Database } from '../../platform/database/schema.js';
import { enqueueOrMergeJob } from '../../platform/jobs/job-queue.js';
import { hourStart } from '../themes/index.js';
import { type DetectJobPayload, detectJobKind } from './alert.jobs.js';

/**
 * After the themes stage has rolled the listen job's messages into hourly volumes: queues spike
 * detection for the hours they fell into. Detection runs in its own job so a slow detection never
 * holds the listening transaction.
 */
export const backlashStage: ListeningStage = {
  name: 'backlash',
  async run(batch) {
    const hours = new Set<number>();
    for (const message of batch.messages) hours.add(hourStart(message.createdAt));
    if (hours.size === 0) return;
    await queueDetection(batch.trx, batch.organisationId, hours);
  },
};

/**
 * Adds the hours to the organisation's detect job that has not started yet, or queues one.
 * Detection re-reads the history of every hour it looks at, so one job per batch made it a
 * quarter of ingest; a pending job sees the hours' final counts anyway when it runs.
 */
async function queueDetection(
  trx: Kysely<Database>,
  organisationId: number,
  hours: Set<number>,
): Promise<void> {
  const payload: DetectJobPayload = { organisationId, hours: [...hours].sort((a, b) => a - b) };
  await enqueueOrMergeJob(
    trx,
    detectJobKind,
    payload,
    (pending) => {
      const value = pending as Partial<DetectJobPayload> | null;
      if (value?.organisationId !== organisationId || !Array.isArray(value.hours)) return;
      return {
        organisationId,
        hours: [...new Set([...value.hours, ...hours])].sort((a, b) => a - b),
      } satisfies DetectJobPayload;
    },
    { maxAttempts: 5 },
  );
}
