import { Type } from '@sinclair/typebox';
import type { DatabaseHandle } from '../../platform/database/connection.js';
import { withRetriedTransaction } from '../../platform/database/connection.js';
import { enqueue } from '../../platform/jobs/job-definition.js';
import { insertNewEvents, type NewInboundEvent } from './inbound-event.repository.js';
import type { InboundMessage } from './inbound-message.schema.js';

/** Events processed by one job: large enough to batch the SQL, small enough to retry cheaply. */
export const eventsPerJob = 1000;

const Id = Type.Integer({ minimum: 1 });

/** One batch of accepted inbound events for the care path; the pipeline defines the handler. */
export const ingestBatch = {
  kind: 'ingest.process',
  payload: Type.Object({ organisationId: Id, eventIds: Type.Array(Id) }),
};

export const ingestJobKind = ingestBatch.kind;

export interface AcceptResult {
  accepted: number;
  duplicates: number;
  results: { external_id: string; status: 'accepted' | 'duplicate' }[];
}

/**
 * Makes inbound messages durable: the raw events and the job that will process them commit in one
 * transaction, so once this resolves nothing can lose them, and a message already received (same
 * channel and external id) is reported as a duplicate and creates nothing.
 */
export async function acceptInbound(
  database: DatabaseHandle,
  organisationId: number,
  messages: InboundMessage[],
  source: string,
): Promise<AcceptResult> {
  const receivedAt = Date.now();
  const seenInRequest = new Set<string>();
  const rows: NewInboundEvent[] = [];
  for (const message of messages) {
    const key = `${message.channel}\u0000${message.external_id}`;
    if (seenInRequest.has(key)) continue;
    seenInRequest.add(key);
    rows.push({
      organisation_id: organisationId,
      channel: message.channel,
      external_id: message.external_id,
      payload: JSON.stringify(message),
      source,
      received_at: receivedAt,
    });
  }
  const inserted = await withRetriedTransaction(database, async (trx) => {
    const newEvents = await insertNewEvents(trx, rows);
    for (let start = 0; start < newEvents.length; start += eventsPerJob) {
      await enqueue(trx, ingestBatch, {
        organisationId,
        eventIds: newEvents.slice(start, start + eventsPerJob).map((event) => event.id),
      });
    }
    return newEvents;
  });
  const acceptedKeys = new Set(
    inserted.map((event) => `${event.channel}\u0000${event.external_id}`),
  );
  const results = messages.map((message) => {
    const key = `${message.channel}\u0000${message.external_id}`;
    const status = acceptedKeys.delete(key) ? ('accepted' as const) : ('duplicate' as const);
    return { external_id: message.external_id, status };
  });
  return {
    accepted: inserted.length,
    duplicates: messages.length - inserted.length,
    results,
  };
}
