import { lockIngest, normaliseEvent, runPipeline } from '../../pipeline/index.js';
import { defineJob } from '../../platform/jobs/job-definition.js';
import { loadUnprocessedEvents, markEventsProcessed } from './inbound-event.repository.js';
import { ingestBatch } from './ingest.service.js';

/**
 * Processes one batch of inbound events through the pipeline. Runs in the transaction that also
 * deletes the job; events already processed (by a worker whose lease ran out while it was slow)
 * are skipped, so a batch is applied exactly once.
 */
export const ingestJob = defineJob({
  ...ingestBatch,
  async handle(trx, { organisationId, eventIds }, { dialect, emit }) {
    await lockIngest(trx, dialect, organisationId);
    const events = await loadUnprocessedEvents(trx, eventIds);
    if (events.length === 0) return;
    const items = events.map((event) => normaliseEvent(event.id, event.received_at, event.payload));
    emit(await runPipeline(trx, dialect, organisationId, items));
    await markEventsProcessed(
      trx,
      events.map((event) => event.id),
      Date.now(),
    );
  },
});
