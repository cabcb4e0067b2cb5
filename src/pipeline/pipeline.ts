import { type Kysely, sql } from 'kysely';
import { classifyStage, escalateStage } from '../modules/classification/index.js';
import { routeStage } from '../modules/routing/index.js';
import { slaStage } from '../modules/sla/index.js';
import type { DialectName } from '../platform/database/connection.js';
import type { Database } from '../platform/database/schema.js';
import type { DomainEvent } from '../platform/events.js';
import type { PipelineBatch, PipelineItem, PipelineStage } from './pipeline-batch.js';
import { persistStage } from './stages/persist.stage.js';
import { queueListeningStage } from './stages/queue-listening.stage.js';
import { resolveChannelAccountStage } from './stages/resolve-channel-account.stage.js';
import { resolveContactStage } from './stages/resolve-contact.stage.js';
import { threadStage } from './stages/thread.stage.js';

/**
 * The ingest stages (the care path), in the order they run inside one transaction per batch.
 * Normalising happens before (it is pure); listening follows in its own job (see listening.ts).
 */
export const pipelineStages: PipelineStage[] = [
  // Dedupe against stored messages and plan the conversations (union-find over reply links).
  threadStage,
  // Sentiment, anger, complaint, intent, language and churn risk of every new message.
  classifyStage,
  resolveChannelAccountStage,
  resolveContactStage,
  persistStage,
  // Angry or leaving customers raise their conversation's priority (before SLA policies match).
  escalateStage,
  // After persist: routes only the conversations this batch created (see modules/routing).
  routeStage,
  // Last: SLA clocks and the report rollup of the touched conversations (see modules/sla).
  slaStage,
  // Queues the new customer messages for the listen job (themes, near-duplicates, backlash).
  queueListeningStage,
];

/** Key of the advisory lock that serialises threading per organisation on PostgreSQL. */
const ingestLockNamespace = 7261;

/**
 * Serialises ingest batches of one organisation on PostgreSQL with a transaction-scoped advisory
 * lock: two workers threading a parent and its reply at the same moment would otherwise each miss
 * the other. SQLite already has a single writer. Take it before reading what is left to process.
 */
export async function lockIngest(
  trx: Kysely<Database>,
  dialect: DialectName,
  organisationId: number,
): Promise<void> {
  if (dialect === 'postgres') {
    await sql`select pg_advisory_xact_lock(${ingestLockNamespace}, ${organisationId})`.execute(trx);
  }
}

/** Runs the stages over `items` in `trx`; the caller holds the ingest lock. */
export async function runPipeline(
  trx: Kysely<Database>,
  dialect: DialectName,
  organisationId: number,
  items: PipelineItem[],
): Promise<DomainEvent[]> {
  const batch: PipelineBatch = {
    organisationId,
    dialect,
    trx,
    now: Date.now(),
    items: [...items].sort((a, b) => a.createdAt - b.createdAt || a.eventId - b.eventId),
    events: [],
    storedByExternalId: new Map(),
  };
  for (const stage of pipelineStages) await stage.run(batch);
  return batch.events;
}
