import type { AppContext } from '../../platform/context.js';
import { allocateIds } from '../../platform/database/id-allocator.js';
import { AppError, notFound } from '../../platform/errors.js';
import { transactWithEvents } from '../../platform/events.js';
import { enqueue } from '../../platform/jobs/job-definition.js';
import { iso } from '../../platform/time.js';
import { actorOf, type Principal } from '../auth/index.js';
import {
  insertMessages,
  recordConversationEvents,
  refreshConversations,
} from '../conversations/index.js';
import { requeueFailed } from './outbox.repository.js';
import {
  findLastInbound,
  findNewerReply,
  insertOutboxEntry,
  listDeliveries,
  lockConversation,
} from './reply.repository.js';
import { deliveryMaxAttempts, newIdempotencyKey, replyDelivery } from './reply-delivery.js';

export interface ReplyInput {
  kind: 'reply' | 'note';
  text: string;
  /** The newest message the composer had on screen; a newer reply by anyone is a conflict. */
  lastSeenMessageId?: number | undefined;
  /** Send even though someone replied meanwhile (the agent saw the warning). */
  force?: boolean | undefined;
}

/**
 * Stores an agent's reply or internal note as a message of the conversation, through the same
 * message repository the ingest pipeline uses, so counters, SLA first-response and reports see
 * it. A reply also goes to the outbox, where it waits for the channel's adapter.
 */
export async function postMessage(
  context: AppContext,
  principal: Principal,
  conversationId: number,
  input: ReplyInput,
) {
  const text = input.text.trim();
  if (text.length === 0) {
    throw new AppError('validation_failed', 'the message is empty', [
      { path: 'body/text', message: 'write something' },
    ]);
  }
  const { database } = context;
  const organisationId = principal.organisationId;
  const isNote = input.kind === 'note';
  return transactWithEvents(database, context.events, async (trx, emit) => {
    const conversation = await lockConversation(
      trx,
      database.dialect,
      organisationId,
      conversationId,
    );
    if (!conversation) throw notFound('conversation');
    if (!isNote && input.lastSeenMessageId !== undefined && !input.force) {
      const newer = await findNewerReply(trx, conversationId, input.lastSeenMessageId);
      if (newer) {
        // The platform's `conflict`: the code the API documents for this case and clients check.
        throw new AppError(
          'conflict',
          `${newer.author_name ?? 'someone'} replied at ${iso(newer.created_at)} ` +
            'after the last message you saw',
          [{ path: 'body/last_seen_message_id', message: `newer reply: message ${newer.id}` }],
        );
      }
    }
    const now = Date.now();
    const [messageId] = await allocateIds(trx, database.dialect, 'messages', 1);
    if (messageId === undefined) throw new Error('no message id allocated');
    const lastInbound = await findLastInbound(trx, conversationId);
    await insertMessages(trx, [
      {
        id: messageId,
        organisation_id: organisationId,
        conversation_id: conversationId,
        channel: conversation.channel,
        external_id: null,
        in_reply_to_external_id: isNote ? null : (lastInbound?.external_id ?? null),
        direction: 'outbound',
        author_contact_id: null,
        author_user_id: principal.userId,
        author_handle: isNote ? null : conversation.handle,
        author_name: principal.name,
        text,
        is_private_note: isNote ? 1 : 0,
        created_at: now,
        received_at: now,
        inbound_event_id: null,
        raw: null,
      },
    ]);
    await refreshConversations(trx, organisationId, [conversationId], new Set(), now);
    const delivery = isNote
      ? null
      : await insertOutboxEntry(trx, {
          organisation_id: organisationId,
          conversation_id: conversationId,
          message_id: messageId,
          channel: conversation.channel,
          channel_account_id: conversation.channel_account_id,
          recipient_handle: lastInbound?.author_handle ?? null,
          status: 'queued',
          idempotency_key: newIdempotencyKey(),
          now,
        });
    // An account with a live connection sends now; one without keeps the reply queued until an
    // adapter is connected (the inbound API's accounts have none).
    if (delivery && conversation.settings !== null) {
      await enqueue(
        trx,
        replyDelivery,
        { outboxId: delivery.id },
        { maxAttempts: deliveryMaxAttempts },
      );
    }
    await recordConversationEvents(trx, [
      {
        organisationId,
        conversationId,
        type: isNote ? 'note_added' : 'replied',
        actor: actorOf(principal),
        data: { message_id: messageId, ...(input.force ? { despite_conflict: true } : {}) },
        occurredAt: now,
      },
    ]);
    emit([
      isNote
        ? { type: 'note.created', organisationId, conversationId, messageId }
        : {
            type: 'message.created',
            organisationId,
            conversationId,
            messageId,
            direction: 'outbound',
          },
      { type: 'conversation.updated', organisationId, conversationId, changes: ['messages'] },
    ]);
    return { messageId, delivery, now };
  });
}

export async function deliveriesOf(
  context: AppContext,
  principal: Principal,
  conversationId: number,
) {
  return listDeliveries(context.database.db, principal.organisationId, conversationId);
}

/**
 * Sends a reply that failed once more, as a new send (a new idempotency key: the channel refused
 * the old one for good, so nothing can be delivered twice). Only a `failed` reply can be retried.
 */
export async function retryDelivery(
  context: AppContext,
  principal: Principal,
  conversationId: number,
  messageId: number,
) {
  const organisationId = principal.organisationId;
  return transactWithEvents(context.database, context.events, async (trx, emit) => {
    const now = Date.now();
    const requeued = await requeueFailed(trx, organisationId, messageId, newIdempotencyKey(), now);
    if (!requeued || requeued.conversation_id !== conversationId) {
      throw new AppError('conflict', 'only a failed reply of this conversation can be retried');
    }
    await enqueue(
      trx,
      replyDelivery,
      { outboxId: requeued.id },
      { maxAttempts: deliveryMaxAttempts },
    );
    await recordConversationEvents(trx, [
      {
        organisationId,
        conversationId,
        type: 'delivery_retried',
        actor: actorOf(principal),
        data: { message_id: messageId },
        occurredAt: now,
      },
    ]);
    emit([
      { type: 'conversation.updated', organisationId, conversationId, changes: ['deliveries'] },
    ]);
    const deliveries = await listDeliveries(trx, organisationId, conversationId);
    const delivery = deliveries.find((row) => row.message_id === messageId);
    if (!delivery) throw notFound('delivery');
    return delivery;
  });
}
