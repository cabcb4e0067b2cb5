import type { Kysely } from 'kysely';
import type { BypassSettings } from '../modules/bypass/index.js';
import type { DialectName } from '../platform/database/connection.js';
import type { Database } from '../platform/database/schema.js';
import type { DomainEvent } from '../platform/events.js';
import type { CareBatch, InboundItem } from './care-batch.js';
import { pipeline } from './stage.js';
import { bypassStage } from './stages/bypass.stage.js';
import { classifyStage } from './stages/classify.stage.js';
import { escalateStage } from './stages/escalate.stage.js';
import { persistStage } from './stages/persist.stage.js';
import { queueListeningStage } from './stages/queue-listening.stage.js';
import { resolveChannelAccountStage } from './stages/resolve-channel-account.stage.js';
import { resolveContactStage } from './stages/resolve-contact.stage.js';
import { routeStage } from './stages/route.stage.js';
import { slaStage } from './stages/sla.stage.js';
import { threadStage } from './stages/thread.stage.js';

/**
 * The care path, in the order its stages run inside one transaction per ingest batch. Each stage
 * declares what it needs from the stages before it, so this chain compiles only in a valid order.
 * Normalising happens before (it is pure); listening follows in its own job (listening-pipeline.ts).
 */
export const carePipeline = pipeline<CareBatch>()
  // Dedupes against stored messages and plans the conversations (union-find over reply links).
  .andThen(threadStage)
  // Sentiment, anger, complaint, intent, language and churn risk of every new message.
  .andThen(classifyStage)
  .andThen(resolveChannelAccountStage)
  .andThen(resolveContactStage)
  // Conversations, messages (with their classification), folds, counters.
  .andThen(persistStage)
  // Angry or leaving customers raise their conversation's priority (before SLA policies match).
  .andThen(escalateStage)
  // A social conversation of a contact whose earlier conversation elsewhere is long unresolved.
  .andThen(bypassStage)
  // Routes only the conversations this batch created, then queues assignment.
  .andThen(routeStage)
  // SLA clocks and the report rollup of the touched conversations.
  .andThen(slaStage)
  // The new customer messages go to the listen job (themes, near-duplicates, backlash).
  .andThen(queueListeningStage);

/** The care stages in order; instruments (the benchmarks' timers) may wrap them in place. */
export const careStages = carePipeline.stages;

/** Runs the care path over `items` in `trx`; the caller holds the ingest lock. */
export async function runCarePipeline(
  trx: Kysely<Database>,
  dialect: DialectName,
  organisationId: number,
  items: InboundItem[],
  bypass: BypassSettings,
): Promise<DomainEvent[]> {
  const batch = await carePipeline.run({
    organisationId,
    dialect,
    trx,
    now: Date.now(),
    items: [...items].sort((a, b) => a.createdAt - b.createdAt || a.eventId - b.eventId),
    events: [],
    bypass,
  });
  return batch.events;
}
