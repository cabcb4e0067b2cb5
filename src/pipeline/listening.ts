import { Type } from '@sinclair/typebox';
import type { Kysely } from 'kysely';
import { backlashStage } from '../modules/alerts/index.js';
import { lockThemes, themesStage } from '../modules/themes/index.js';
import type { DialectName } from '../platform/database/connection.js';
import type { Database } from '../platform/database/schema.js';
import type { DomainEvent } from '../platform/events.js';
import { enqueueOrMerge } from '../platform/jobs/job-definition.js';
import type { ListenedMessage, ListeningBatch, ListeningStage } from './listening-batch.js';

/**
 * The listening stages, in order. They run in the listen job, after the ingest job that stored
 * the messages has committed, over larger batches and in a transaction of their own, so the care
 * path (thread ... sla) never waits for clustering.
 */
export const listeningStages: ListeningStage[] = [
  // Themes, near-duplicates and the hourly volume rollup (see modules/themes).
  themesStage,
  // Queues backlash detection for the hours the messages fell into (see modules/alerts).
  backlashStage,
];

/** Follow-up job of ingest: the listening stages over new customer messages. */
export const listenJobKind = 'ingest.listen';

/**
 * Messages one listen job takes at most: four ingest batches' worth of customer messages, so the
 * clusterer state is loaded, near-duplicate candidates looked up and a transaction committed less
 * often, while SQLite's single writer is held for a few hundred milliseconds at most. It matches
 * the themes stage's consolidation period (2,000 messages), which 4,000 measured no cheaper than
 * (docs/benchmarks.md) but would have halved.
 */
export const messagesPerListenJob = 2000;

const Id = Type.Integer({ minimum: 1 });

/** [message id, id of the channel account it was addressed to], in the order stored. */
export const listenBatch = {
  kind: listenJobKind,
  payload: Type.Object({
    organisationId: Id,
    messages: Type.Array(Type.Tuple([Id, Id])),
  }),
};

/**
 * Hands new customer messages to listening: merges them into the organisation's listen job that
 * has not started yet while it has room, or queues one. Call in the transaction that stored them,
 * so a message is listened to if and only if it was stored.
 */
export async function queueListening(
  trx: Kysely<Database>,
  organisationId: number,
  messages: [number, number][],
): Promise<void> {
  if (messages.length === 0) return;
  await enqueueOrMerge(trx, listenBatch, { organisationId, messages }, (pending) => {
    if (pending.organisationId !== organisationId) return undefined;
    if (pending.messages.length + messages.length > messagesPerListenJob) return undefined;
    return { organisationId, messages: [...pending.messages, ...messages] };
  });
}

/**
 * Serialises listen jobs of one organisation on PostgreSQL, and with them re-clustering and theme
 * edits (see `lockThemes`). Take it before reading which messages are left.
 */
export const lockListening = lockThemes;

/** Runs the listening stages over `messages` in `trx`; the caller holds the listen lock. */
export async function runListening(
  trx: Kysely<Database>,
  dialect: DialectName,
  organisationId: number,
  messages: ListenedMessage[],
): Promise<DomainEvent[]> {
  const batch: ListeningBatch = {
    organisationId,
    dialect,
    trx,
    now: Date.now(),
    messages: [...messages].sort((a, b) => a.createdAt - b.createdAt || a.messageId - b.messageId),
    events: [],
  };
  for (const stage of listeningStages) await stage.run(batch);
  return batch.events;
}
