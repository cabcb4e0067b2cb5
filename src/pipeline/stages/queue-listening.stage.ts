import type {
  Addressed,
  CareBatch,
  Persisted,
  QueuedForListening,
  Threaded,
} from '../care-batch.js';
import { queueListening } from '../listen-queue.js';
import type { Stage } from '../stage.js';

/**
 * Last care stage: hands the batch's new customer messages to the listen job (themes,
 * near-duplicates, volumes, backlash), in this transaction, so they are listened to exactly when
 * they are stored. Brand posts and redeliveries are not listened to.
 */
export const queueListeningStage: Stage<
  CareBatch & Threaded & Addressed & Persisted,
  QueuedForListening
> = {
  name: 'queue-listening',
  async run(batch) {
    const messages: [number, number][] = [];
    for (const item of batch.live) {
      const stored = batch.stored.get(item);
      const account = batch.channelAccounts.get(item);
      if (item.direction === 'inbound' && stored !== undefined && account !== undefined) {
        messages.push([stored.messageId, account.id]);
      }
    }
    await queueListening(batch.trx, batch.organisationId, messages);
    return { queuedForListening: messages.length };
  },
};
