import { placeInThemes } from '../../modules/themes/index.js';
import type { ListeningBatch, Themed } from '../listening-batch.js';
import type { Stage } from '../stage.js';

/**
 * First listening stage: themes, near-duplicates and the hourly volume rollup of the listen job's
 * messages (see modules/themes).
 */
export const themesStage: Stage<ListeningBatch, Themed> = {
  name: 'themes',
  async run(batch) {
    await placeInThemes(batch.trx, batch.organisationId, batch.messages, batch.now);
    return { placedInThemes: batch.messages.length };
  },
};
