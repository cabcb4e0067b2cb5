import {
  type ListenedMessage,
  listenBatch,
  lockListening,
  runListening,
} from '../../pipeline/index.js';
import { defineJob } from '../../platform/jobs/job-definition.js';
import { loadUnlistenedMessages } from './listen.repository.js';

/**
 * Runs the listening stages (themes, near-duplicates, hourly volumes, backlash queueing) over the
 * customer messages an ingest job stored, in the transaction that also deletes this job. Exactly
 * once: a crash rolls back all of it and the job is retried; a message already listened to (a job
 * picked up again after its lease ran out while the first run was still going) has its
 * theme_messages row and is skipped, read under the organisation's listen lock on PostgreSQL.
 */
export const listenJob = defineJob({
  ...listenBatch,
  async handle(trx, { organisationId, messages }, { dialect, emit }) {
    await lockListening(trx, organisationId);
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
    emit(await runListening(trx, dialect, organisationId, listened));
  },
});
