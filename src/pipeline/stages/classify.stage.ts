import {
  classifyMessages,
  type MessageClassification,
} from '../../modules/classification/index.js';
import type { Classified, InboundItem, Threaded } from '../care-batch.js';
import type { Stage } from '../stage.js';

/**
 * Sentiment, anger, complaint, intent, language and churn risk of every new message, before
 * routing reads intent and language (see modules/classification).
 */
export const classifyStage: Stage<Threaded, Classified> = {
  name: 'classify',
  async run({ live }) {
    const results = classifyMessages(live.map((item) => item.text));
    const classifications = new Map<InboundItem, MessageClassification>();
    live.forEach((item, index) => {
      classifications.set(item, results[index] as MessageClassification);
    });
    return { classifications };
  },
};
