import { Type } from '@sinclair/typebox';
import type { Kysely } from 'kysely';
import type { DatabaseHandle } from '../../platform/database/connection.js';
import { withRetriedTransaction } from '../../platform/database/connection.js';
import type { Database } from '../../platform/database/schema.js';
import { enqueue } from '../../platform/jobs/job-definition.js';
import { insertNewEvents, type NewInboundEvent } from './inbound-event.repository.js';
import {
  type FieldError,
  type InboundMessage,
  validateInboundMessage,
} from './inbound-message.schema.js';

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
  const inserted = await withRetriedTransaction(database, 'ingest.accept', (trx) =>
    storeEventsAndJobs(trx, organisationId, rows),
  );
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

async function storeEventsAndJobs(
  trx: Kysely<Database>,
  organisationId: number,
  rows: NewInboundEvent[],
) {
  const newEvents = await insertNewEvents(trx, rows);
  for (let start = 0; start < newEvents.length; start += eventsPerJob) {
    await enqueue(trx, ingestBatch, {
      organisationId,
      eventIds: newEvents.slice(start, start + eventsPerJob).map((event) => event.id),
    });
  }
  return newEvents;
}

/**
 * Accepts messages written by Hearken itself (community posts) inside the caller's transaction,
 * so the post and its way into the pipeline commit together. The caller built them; they are
 * still checked like any inbound message.
 */
export async function acceptInboundWithin(
  trx: Kysely<Database>,
  organisationId: number,
  messages: InboundMessage[],
  source: string,
): Promise<number> {
  const receivedAt = Date.now();
  for (const message of messages) {
    const problems = validateInboundMessage(message);
    if (problems.length > 0) {
      throw new Error(`internal inbound message is invalid: ${JSON.stringify(problems)}`);
    }
  }
  const inserted = await storeEventsAndJobs(
    trx,
    organisationId,
    messages.map((message) => ({
      organisation_id: organisationId,
      channel: message.channel,
      external_id: message.external_id,
      payload: JSON.stringify(message),
      source,
      received_at: receivedAt,
    })),
  );
  return inserted.length;
}

export interface CandidateResult {
  /** Position of the message in the request. */
  index: number;
  external_id: string | null;
  status: 'accepted' | 'duplicate' | 'rejected';
  /** Why a rejected message was refused (field paths inside the message). */
  errors?: FieldError[];
}

export interface CandidatesResult {
  accepted: number;
  duplicates: number;
  rejected: number;
  results: CandidateResult[];
}

/**
 * Accepts what a client sent, message by message: each is checked against the inbound schema
 * (types, sizes, instants between 1970 and 2099) and stored or refused on its own, so one bad
 * message never costs the others and the client learns exactly which were stored.
 */
export async function acceptCandidates(
  database: DatabaseHandle,
  organisationId: number,
  candidates: unknown[],
  source: string,
): Promise<CandidatesResult> {
  const valid: InboundMessage[] = [];
  const validIndex: number[] = [];
  const results: CandidateResult[] = candidates.map((candidate, index) => {
    const errors = validateInboundMessage(candidate);
    const externalId = externalIdOf(candidate);
    if (errors.length > 0) return { index, external_id: externalId, status: 'rejected', errors };
    valid.push(candidate as InboundMessage);
    validIndex.push(index);
    return { index, external_id: externalId, status: 'accepted' };
  });
  const stored = await acceptInbound(database, organisationId, valid, source);
  for (const [position, outcome] of stored.results.entries()) {
    const result = results[validIndex[position] ?? -1];
    if (result) result.status = outcome.status;
  }
  return {
    accepted: stored.accepted,
    duplicates: stored.duplicates,
    rejected: candidates.length - valid.length,
    results,
  };
}

function externalIdOf(candidate: unknown): string | null {
  if (candidate === null || typeof candidate !== 'object') return null;
  const value = (candidate as { external_id?: unknown }).external_id;
  return typeof value === 'string' ? value.slice(0, 200) : null;
}
