import { Type } from '@sinclair/typebox';
import type { Kysely } from 'kysely';
import type { Database } from '../platform/database/schema.js';
import { enqueueOrMerge } from '../platform/jobs/job-definition.js';

/**
 * Messages one listen job takes at most: four ingest batches' worth of customer messages, so the
 * clusterer state is loaded, near-duplicate candidates looked up and a transaction committed less
 * often, while SQLite's single writer is held for a few hundred milliseconds at most. It matches
 * the themes stage's consolidation period (2,000 messages), which 4,000 measured no cheaper than
 * (docs/benchmarks.md) but would have halved.
 */
export const messagesPerListenJob = 2000;

const Id = Type.Integer({ minimum: 1 });

/**
 * The listen job's contract (its handler is in pipeline.jobs.ts): the listening stages over new
 * customer messages, as [message id, id of the channel account it was addressed to], in the order
 * stored. The kind keeps its `ingest.` prefix: jobs of that kind may be waiting in a database.
 */
export const listenBatch = {
  kind: 'ingest.listen',
  payload: Type.Object({
    organisationId: Id,
    messages: Type.Array(Type.Tuple([Id, Id])),
  }),
};

/** Follow-up job of ingest: the listening stages over new customer messages. */
export const listenJobKind = listenBatch.kind;

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
