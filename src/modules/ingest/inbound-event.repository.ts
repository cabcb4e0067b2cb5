import type { Kysely } from 'kysely';
import { chunksOf } from '../../platform/database/chunks.js';
import type { Database } from '../../platform/database/schema.js';

export interface NewInboundEvent {
  organisation_id: number;
  channel: string;
  external_id: string;
  payload: string;
  source: string;
  received_at: number;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Rows per INSERT: keeps statements under SQLite's bound-parameter limit. */
const insertChunk = 500;

/**
 * Stores events that are new and returns them; an event already stored (same organisation,
 * channel and external id, even one inserted concurrently) is skipped by the unique index. Rows
 * go in key order, so two deliveries of overlapping batches lock the index entries in the same
 * order and cannot deadlock on PostgreSQL.
 */
export async function insertNewEvents(
  trx: Kysely<Database>,
  events: NewInboundEvent[],
): Promise<{ id: number; channel: string; external_id: string }[]> {
  const ordered = [...events].sort(
    (a, b) => compareText(a.channel, b.channel) || compareText(a.external_id, b.external_id),
  );
  const inserted: { id: number; channel: string; external_id: string }[] = [];
  for (const chunk of chunksOf(ordered, insertChunk)) {
    const rows = await trx
      .insertInto('inbound_events')
      .values(chunk)
      .onConflict((conflict) =>
        conflict.columns(['organisation_id', 'channel', 'external_id']).doNothing(),
      )
      .returning(['id', 'channel', 'external_id'])
      .execute();
    inserted.push(...rows);
  }
  return inserted;
}

export interface StoredEvent {
  id: number;
  payload: string;
  received_at: number;
}

/** Events of a job that still need processing, in id order. */
export async function loadUnprocessedEvents(
  trx: Kysely<Database>,
  eventIds: number[],
): Promise<StoredEvent[]> {
  const result: StoredEvent[] = [];
  for (let start = 0; start < eventIds.length; start += insertChunk) {
    const rows = await trx
      .selectFrom('inbound_events')
      .select(['id', 'payload', 'received_at'])
      .where('id', 'in', eventIds.slice(start, start + insertChunk))
      .where('processed_at', 'is', null)
      .execute();
    result.push(...rows);
  }
  return result.sort((a, b) => a.id - b.id);
}

export async function markEventsProcessed(
  trx: Kysely<Database>,
  eventIds: number[],
  processedAt: number,
): Promise<void> {
  for (let start = 0; start < eventIds.length; start += insertChunk) {
    await trx
      .updateTable('inbound_events')
      .set({ processed_at: processedAt })
      .where('id', 'in', eventIds.slice(start, start + insertChunk))
      .execute();
  }
}
