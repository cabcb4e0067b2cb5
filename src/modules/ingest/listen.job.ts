import {
  type ListenedMessage,
  type ListenJobPayload,
  lockListening,
  runListening,
} from '../../pipeline/index.js';
import type { DialectName } from '../../platform/database/connection.js';
import type { DomainEvent } from '../../platform/events.js';
import type { JobHandler } from '../../platform/jobs/worker.js';
import { loadUnlistenedMessages } from './listen.repository.js';

/**
 * Runs the listening stages (themes, near-duplicates, hourly volumes, backlash queueing) over the
 * customer messages an ingest job stored, in the transaction that also deletes this job. Exactly
 * once: a crash rolls back all of it and the job is retried; a message already listened to (a job
 * picked up again after its lease ran out while the first run was still going) has its
 * theme_messages row and is skipped, read under the organisation's listen lock on PostgreSQL.
 */
export function createListenJobHandler(
  dialect: DialectName,
  publish: (events: DomainEvent[]) => void,
): JobHandler {
  return async (trx, payload) => {
    const { organisationId, messages } = parsePayload(payload);
    await lockListening(trx, dialect, organisationId);
    const accountOf = new Map(messages);
    const rows = await loadUnlistenedMessages(trx, organisationId, [...accountOf.keys()]);
    if (rows.length === 0) return;
    const listened: ListenedMessage[] = rows.map((row) => ({
      messageId: row.id,
      channelAccountId: accountOf.get(row.id) as number,
      text: row.text,
      createdAt: row.created_at,
      authorKey:
        row.author_contact_id === null
          ? (row.author_handle ?? '').toLowerCase()
          : `c${row.author_contact_id}`,
      sentiment: row.sentiment,
      polarity: row.sentiment_score,
    }));
    const events = await runListening(trx, dialect, organisationId, listened);
    return events.length > 0 ? () => publish(events) : undefined;
  };
}

function parsePayload(payload: unknown): ListenJobPayload {
  const value = payload as Partial<ListenJobPayload> | null;
  if (
    !value ||
    typeof value.organisationId !== 'number' ||
    !Array.isArray(value.messages) ||
    !value.messages.every(
      (pair) =>
        Array.isArray(pair) &&
        pair.length === 2 &&
        typeof pair[0] === 'number' &&
        typeof pair[1] === 'number',
    )
  ) {
    throw new Error(
      'listen job payload must be { organisationId: number, messages: [number, number][] }',
    );
  }
  return value as ListenJobPayload;
}
