import { lockIngest, normaliseEvent, runPipeline } from '../../pipeline/index.js';
import type { DialectName } from '../../platform/database/connection.js';
import type { DomainEvent } from '../../platform/events.js';
import type { JobHandler } from '../../platform/jobs/worker.js';
import { loadUnprocessedEvents, markEventsProcessed } from './inbound-event.repository.js';
import type { IngestJobPayload } from './ingest.service.js';

/**
 * Processes one batch of inbound events through the pipeline. Runs in the transaction that also
 * deletes the job; events already processed (by a worker whose lease ran out while it was slow)
 * are skipped, so a batch is applied exactly once.
 */
export function createIngestJobHandler(
  dialect: DialectName,
  publish: (events: DomainEvent[]) => void,
): JobHandler {
  return async (trx, payload) => {
    const { organisationId, eventIds } = parsePayload(payload);
    await lockIngest(trx, dialect, organisationId);
    const events = await loadUnprocessedEvents(trx, eventIds);
    if (events.length === 0) return;
    const items = events.map((event) => normaliseEvent(event.id, event.received_at, event.payload));
    const domainEvents = await runPipeline(trx, dialect, organisationId, items);
    await markEventsProcessed(
      trx,
      events.map((event) => event.id),
      Date.now(),
    );
    return () => publish(domainEvents);
  };
}

function parsePayload(payload: unknown): IngestJobPayload {
  const value = payload as Partial<IngestJobPayload> | null;
  if (
    !value ||
    typeof value.organisationId !== 'number' ||
    !Array.isArray(value.eventIds) ||
    !value.eventIds.every((id) => typeof id === 'number')
  ) {
    throw new Error('ingest job payload must be { organisationId: number, eventIds: number[] }');
  }
  return value as IngestJobPayload;
}
