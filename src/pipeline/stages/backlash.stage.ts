import { queueBacklashDetection } from '../../modules/alerts/index.js';
import { hourStart } from '../../modules/themes/index.js';
import type { BacklashQueued, ListeningBatch, Themed } from '../listening-batch.js';
import type { Stage } from '../stage.js';

/**
 * After the themes stage has rolled the listen job's messages into hourly volumes: queues spike
 * detection for the hours they fell into. Detection runs in its own job so a slow detection never
 * holds the listening transaction (see modules/alerts).
 */
export const backlashStage: Stage<ListeningBatch & Themed, BacklashQueued> = {
  name: 'backlash',
  async run(batch) {
    const hours = new Set<number>();
    for (const message of batch.messages) hours.add(hourStart(message.createdAt));
    if (hours.size > 0) await queueBacklashDetection(batch.trx, batch.organisationId, hours);
    return { backlashHours: hours.size };
  },
};
