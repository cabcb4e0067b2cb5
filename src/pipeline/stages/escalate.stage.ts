import {
  type ClassifiedCustomerMessage,
  raisePriorityOfAngry,
} from '../../modules/classification/index.js';
import type { CareBatch, Classified, Escalated, Persisted, Threaded } from '../care-batch.js';
import type { Stage } from '../stage.js';

/**
 * Angry or leaving customers raise their conversation's priority, after persist (it needs the
 * conversations) and before routing and SLA policies read the priority (see modules/
 * classification).
 */
export const escalateStage: Stage<CareBatch & Threaded & Classified & Persisted, Escalated> = {
  name: 'escalate',
  async run(batch) {
    const messages: ClassifiedCustomerMessage[] = [];
    for (const item of batch.live) {
      const classification = batch.classifications.get(item);
      const stored = batch.stored.get(item);
      if (item.direction !== 'inbound' || !classification || !stored) continue;
      messages.push({ conversationId: stored.conversationId, classification });
    }
    const { raised, events } = await raisePriorityOfAngry(
      batch.trx,
      batch.organisationId,
      messages,
      batch.now,
    );
    batch.events.push(...events);
    return { escalated: raised };
  },
};
