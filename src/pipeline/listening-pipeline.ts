import type { Kysely } from 'kysely';
import type { DialectName } from '../platform/database/connection.js';
import type { Database } from '../platform/database/schema.js';
import type { DomainEvent } from '../platform/events.js';
import type { ListenedMessage, ListeningBatch } from './listening-batch.js';
import { pipeline } from './stage.js';
import { backlashStage } from './stages/backlash.stage.js';
import { themesStage } from './stages/themes.stage.js';

/**
 * The listening stages, in order. They run in the listen job, after the ingest job that stored
 * the messages has committed, over larger batches and in a transaction of their own, so the care
 * path never waits for clustering.
 */
export const listeningPipeline = pipeline<ListeningBatch>()
  // Themes, near-duplicates and the hourly volume rollup.
  .andThen(themesStage)
  // Queues backlash detection for the hours the messages fell into.
  .andThen(backlashStage);

/** The listening stages in order; instruments and tests may wrap them in place. */
export const listeningStages = listeningPipeline.stages;

/** Runs the listening stages over `messages` in `trx`; the caller holds the themes lock. */
export async function runListeningPipeline(
  trx: Kysely<Database>,
  dialect: DialectName,
  organisationId: number,
  messages: ListenedMessage[],
): Promise<DomainEvent[]> {
  const batch = await listeningPipeline.run({
    organisationId,
    dialect,
    trx,
    now: Date.now(),
    messages: [...messages].sort((a, b) => a.createdAt - b.createdAt || a.messageId - b.messageId),
    events: [],
  });
  return batch.events;
}
