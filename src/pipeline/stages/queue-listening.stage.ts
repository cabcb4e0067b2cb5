import { queueListening } from '../listening.js';
import type { PipelineStage } from '../pipeline-batch.js';

/**
 * Last care stage: hands the batch's new customer messages to the listen job (themes,
 * near-duplicates, volumes, backlash), in this transaction, so they are listened to exactly when
 * they are stored. Brand posts and redeliveries are not listened to.
 */
export const queueListeningStage: PipelineStage = {
  name: 'queue-listening',
  async run(batch) {
    const messages: [number, number][] = [];
    for (const item of batch.items) {
      if (
        !item.duplicate &&
        item.direction === 'inbound' &&
        item.messageId !== undefined &&
        item.channelAccount !== undefined
      ) {
        messages.push([item.messageId, item.channelAccount.id]);
      }
    }
    await queueListening(batch.trx, batch.organisationId, messages);
  },
};
