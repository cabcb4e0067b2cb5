import type { ListeningStage } from '../../pipeline/index.js';
import { hourStart } from '../themes/index.js';
import { queueBacklashDetection } from './alert.jobs.js';

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
    await queueBacklashDetection(batch.trx, batch.organisationId, hours);
  },
};
