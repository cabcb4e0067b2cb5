import { bypassSettings } from '../modules/bypass/index.js';
import {
  ingestBatch,
  loadUnprocessedEvents,
  markEventsProcessed,
} from '../modules/ingest/index.js';
import { withSavepoint } from '../platform/database/connection.js';
import { lockOrganisation } from '../platform/database/organisation-lock.js';
import { defineJob, enqueue, type JobDefinition } from '../platform/jobs/job-definition.js';
import { runCarePipeline } from './care-pipeline.js';
import { loadUnlistenedMessages } from './listen.repository.js';
import { listenBatch } from './listen-queue.js';
import type { ListenedMessage } from './listening-batch.js';
import { runListeningPipeline } from './listening-pipeline.js';
import { normaliseEvent } from './stages/normalise.stage.js';

/**
 * The care path over one batch of accepted inbound events (the ingest module enqueues it, see
 * `ingestBatch`). Runs in the transaction that also deletes the job. Exactly once: under the
 * organisation's ingest lock (PostgreSQL; two workers threading a parent and its reply at once
 * would each miss the other), only events not yet processed are read, so a batch picked up again
 * by a worker whose lease ran out is applied once.
 *
 * A bad message never takes its batch down: when a batch of several events fails, its writes are
 * rolled back to a savepoint and it is split into two jobs in the same transaction, so the good
 * events go through and the one that keeps failing ends, alone, as a dead letter with its reason
 * (retried from the dead-jobs screen once the cause is fixed).
 */
export const ingestJob = defineJob({
  ...ingestBatch,
  async handle(trx, { organisationId, eventIds }, { dialect, emit, logger, config }) {
    await lockOrganisation(trx, 'ingest', organisationId);
    const events = await loadUnprocessedEvents(trx, eventIds);
    if (events.length === 0) return;
    const run = async () => {
      const items = events.map((event) =>
        normaliseEvent(event.id, event.received_at, event.payload),
      );
      const domainEvents = await runCarePipeline(
        trx,
        dialect,
        organisationId,
        items,
        bypassSettings(config),
      );
      await markEventsProcessed(
        trx,
        events.map((event) => event.id),
        Date.now(),
      );
      return domainEvents;
    };
    if (events.length === 1) {
      emit(await run());
      return;
    }
    try {
      emit(await withSavepoint(trx, run));
    } catch (error) {
      const ids = events.map((event) => event.id);
      const half = Math.ceil(ids.length / 2);
      logger.warn(
        { err: error, organisationId, events: ids.length },
        'ingest batch failed; splitting it to isolate the message at fault',
      );
      await enqueue(trx, ingestBatch, { organisationId, eventIds: ids.slice(0, half) });
      await enqueue(trx, ingestBatch, { organisationId, eventIds: ids.slice(half) });
    }
  },
});

/**
 * The listening stages over the customer messages ingest jobs stored (queued by the last care
 * stage, see listen-queue.ts), in the transaction that also deletes this job. Exactly once: a
 * crash rolls back all of it and the job is retried; a message already listened to has its
 * theme_messages row and is skipped, read under the organisation's themes lock on PostgreSQL
 * (which re-clustering and analysts' theme edits take too).
 */
export const listenJob = defineJob({
  ...listenBatch,
  async handle(trx, { organisationId, messages }, { dialect, emit }) {
    await lockOrganisation(trx, 'themes', organisationId);
    const accountOf = new Map(messages.map(([messageId, accountId]) => [messageId, accountId]));
    const rows = await loadUnlistenedMessages(trx, organisationId, [...accountOf.keys()]);
    if (rows.length === 0) return;
    const listened: ListenedMessage[] = rows.map((row) => ({
      messageId: row.id,
      channelAccountId: accountOf.get(row.id) ?? 0,
      text: row.text,
      createdAt: row.created_at,
      authorKey:
        row.author_contact_id === null
          ? (row.author_handle ?? '').toLowerCase()
          : `c${row.author_contact_id}`,
      sentiment: row.sentiment,
      polarity: row.sentiment_score,
    }));
    emit(await runListeningPipeline(trx, dialect, organisationId, listened));
  },
});

/** The ingest path's jobs, for the runtime's registry. */
export const pipelineJobs: readonly JobDefinition[] = [ingestJob, listenJob];

/** Kinds of the ingest path's jobs: an import is done when none of them is left. */
export const ingestPathKinds: readonly string[] = pipelineJobs.map((job) => job.kind);
