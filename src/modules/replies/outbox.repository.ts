import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.js';

/** Everything a channel adapter needs to send one reply, read by the delivery job. */
export async function findDelivery(db: Kysely<Database>, outboxId: number) {
  return db
    .selectFrom('outbox as o')
    .innerJoin('messages as m', 'm.id', 'o.message_id')
    .select([
      'o.id',
      'o.organisation_id',
      'o.conversation_id',
      'o.message_id',
      'o.channel',
      'o.channel_account_id',
      'o.recipient_handle',
      'o.status',
      'o.attempts',
      'o.idempotency_key',
      'o.external_id',
      'm.text',
      'm.author_name',
      'm.in_reply_to_external_id',
    ])
    .where('o.id', '=', outboxId)
    .executeTakeFirst();
}

/** The conversation's inbound messages, oldest first: the subject and threading headers. */
export async function inboundThreadOf(db: Kysely<Database>, conversationId: number) {
  return db
    .selectFrom('messages')
    .select(['external_id', 'raw', 'author_handle'])
    .where('conversation_id', '=', conversationId)
    .where('direction', '=', 'inbound')
    .orderBy('created_at')
    .orderBy('id')
    .limit(50)
    .execute();
}

/**
 * Marks a reply as being sent and stores the id the channel will know it by before the first
 * attempt, so every retry reuses it and the customer's answer threads to it. Returns false when
 * the reply is no longer waiting (sent, delivered or failed already).
 */
export async function markSending(
  db: Kysely<Database>,
  outbox: { id: number; messageId: number; externalId: string },
  now: number,
): Promise<boolean> {
  const result = await db
    .updateTable('outbox')
    .set((eb) => ({
      status: 'sending',
      external_id: outbox.externalId,
      attempts: eb('attempts', '+', 1),
      updated_at: now,
    }))
    .where('id', '=', outbox.id)
    .where('status', 'in', ['queued', 'sending'])
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return false;
  await db
    .updateTable('messages')
    .set({ external_id: outbox.externalId })
    .where('id', '=', outbox.messageId)
    .where('external_id', 'is', null)
    .execute();
  return true;
}

export async function markOutbox(
  db: Kysely<Database>,
  id: number,
  change:
    | { status: 'sent'; now: number }
    | { status: 'queued'; error: string; now: number }
    | { status: 'failed'; error: string; now: number },
): Promise<void> {
  await db
    .updateTable('outbox')
    .set({
      status: change.status,
      updated_at: change.now,
      ...(change.status === 'sent' ? { sent_at: change.now, last_error: null } : {}),
      ...(change.status !== 'sent' ? { last_error: change.error.slice(0, 2000) } : {}),
    })
    .where('id', '=', id)
    .where('status', 'in', ['queued', 'sending'])
    .execute();
}

/**
 * What the channel reported later about a sent reply (e-mail: a delivery status notification),
 * found by the id the reply was sent with. A failure wins over an earlier `delivered` only when
 * it comes later (a DSN per recipient); an unknown id changes nothing.
 */
export async function recordDeliveryReport(
  db: Kysely<Database>,
  accountId: number,
  externalId: string,
  report: { delivered: boolean; reason: string | null; now: number },
) {
  const row = await db
    .selectFrom('outbox')
    .select(['id', 'organisation_id', 'conversation_id', 'status'])
    .where('channel_account_id', '=', accountId)
    .where('external_id', '=', externalId)
    .executeTakeFirst();
  if (!row) return undefined;
  if (report.delivered) {
    await db
      .updateTable('outbox')
      .set({ status: 'delivered', delivered_at: report.now, updated_at: report.now })
      .where('id', '=', row.id)
      .where('status', 'in', ['sending', 'sent'])
      .execute();
  } else {
    await db
      .updateTable('outbox')
      .set({
        status: 'failed',
        last_error: (report.reason ?? 'the recipient server refused the message').slice(0, 2000),
        updated_at: report.now,
      })
      .where('id', '=', row.id)
      .where('status', '!=', 'failed')
      .execute();
  }
  return row;
}

/** Puts a failed reply back in the queue under a new idempotency key (a new send on purpose). */
export async function requeueFailed(
  db: Kysely<Database>,
  organisationId: number,
  messageId: number,
  idempotencyKey: string,
  now: number,
) {
  const result = await db
    .updateTable('outbox')
    .set({
      status: 'queued',
      idempotency_key: idempotencyKey,
      external_id: null,
      attempts: 0,
      last_error: null,
      updated_at: now,
    })
    .where('organisation_id', '=', organisationId)
    .where('message_id', '=', messageId)
    .where('status', '=', 'failed')
    .returning(['id', 'conversation_id', 'message_id'])
    .executeTakeFirst();
  if (!result) return undefined;
  // The new send has a new id: free the message's old one so the new id can be stored.
  await db.updateTable('messages').set({ external_id: null }).where('id', '=', messageId).execute();
  return result;
}
