import type { PipelineStage } from '../../pipeline/index.js';
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
    const payload: DetectJobPayload = {
      organisationId: batch.organisationId,
      hours: [...hours].sort((a, b) => a - b),
    };
    await enqueueJob(batch.trx, detectJobKind, payload, { maxAttempts: 5 });
  },
};
