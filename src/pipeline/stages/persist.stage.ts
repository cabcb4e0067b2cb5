import {
  absorbConversations,
  findConversationStates,
  insertConversations,
  insertMessages,
  type NewConversationRow,
  type NewMessageRow,
  recordConversationEvents,
  refreshConversations,
} from '../../modules/conversations/index.js';
import { allocateIds } from '../../platform/database/id-allocator.js';
import type {
  Addressed,
  Attributed,
  CareBatch,
  Classified,
  ConversationRef,
  InboundItem,
  Persisted,
  Threaded,
} from '../care-batch.js';
import type { Stage } from '../stage.js';

type PersistInput = CareBatch & Threaded & Classified & Addressed & Attributed;

/**
 * Writes what the earlier stages decided: new conversations, the messages, conversations folded
 * together, refreshed counters; and emits the domain events.
 */
export const persistStage: Stage<PersistInput, Persisted> = {
  name: 'persist',
  async run(batch) {
    const { trx, organisationId, now } = batch;
    const stored: Persisted['stored'] = new Map();

    const groups = new Map<ConversationRef, InboundItem[]>();
    for (const [item, root] of batch.itemRoots) {
      const group = groups.get(root) ?? [];
      group.push(item);
      groups.set(root, group);
    }

    const newRoots = [...groups.keys()].filter((root) => root.kind === 'new');
    const newIds = await allocateIds(trx, batch.dialect, 'conversations', newRoots.length);
    const conversationIdOf = new Map<ConversationRef, number>();
    const conversations: NewConversationRow[] = newRoots.map((root, index) => {
      const id = newIds[index] as number;
      conversationIdOf.set(root, id);
      return newConversation(id, batch, groups.get(root) ?? []);
    });
    for (const root of groups.keys()) {
      if (root.kind === 'stored') conversationIdOf.set(root, root.id);
    }
    await insertConversations(trx, conversations);

    const liveItems = [...batch.itemRoots.keys()];
    const messageIds = await allocateIds(trx, batch.dialect, 'messages', liveItems.length);
    const messages: NewMessageRow[] = liveItems.map((item, index) => {
      const conversationId = conversationIdOf.get(batch.itemRoots.get(item) as ConversationRef);
      if (conversationId === undefined) throw new Error('message without a conversation');
      const messageId = messageIds[index] as number;
      stored.set(item, { conversationId, messageId });
      return {
        id: messageId,
        organisation_id: organisationId,
        conversation_id: conversationId,
        channel: item.channel,
        external_id: item.externalId,
        in_reply_to_external_id: item.inReplyTo,
        direction: item.direction,
        author_contact_id: batch.contacts.get(item) ?? null,
        author_user_id: null,
        author_handle: item.authorHandle,
        author_name: item.authorName,
        text: item.text,
        is_private_note: 0,
        created_at: item.createdAt,
        received_at: item.receivedAt,
        inbound_event_id: item.eventId,
        raw: item.raw,
        ...batch.classifications.get(item),
      };
    });
    await insertMessages(trx, messages);

    // Stored conversations that gained messages or absorbed others: fold, then recount.
    const absorbedInto = new Map<number, number[]>();
    for (const [absorbedId, root] of batch.absorbed) {
      const intoId = conversationIdOf.get(root) ?? (root.kind === 'stored' ? root.id : undefined);
      if (intoId === undefined) throw new Error('absorbed conversation without a survivor');
      const list = absorbedInto.get(intoId) ?? [];
      list.push(absorbedId);
      absorbedInto.set(intoId, list);
    }
    const reopen = new Set<number>();
    const absorbedStates = await findConversationStates(trx, organisationId, [
      ...batch.absorbed.keys(),
    ]);
    const absorbedOpen = new Set(
      absorbedStates.filter((state) => state.status !== 'resolved').map((state) => state.id),
    );
    for (const [intoId, absorbedIds] of absorbedInto) {
      await absorbConversations(trx, organisationId, intoId, absorbedIds);
      if (absorbedIds.some((id) => absorbedOpen.has(id))) reopen.add(intoId);
      batch.events.push({
        type: 'conversation.merged',
        organisationId,
        conversationId: intoId,
        mergedIds: absorbedIds,
      });
    }
    const touchedStored = new Set<number>(absorbedInto.keys());
    for (const [root, items] of groups) {
      if (root.kind !== 'stored') continue;
      touchedStored.add(root.id);
      if (items.some((item) => item.direction === 'inbound')) reopen.add(root.id);
    }
    const reopened = await refreshConversations(
      trx,
      organisationId,
      [...touchedStored],
      reopen,
      now,
    );
    await recordConversationEvents(trx, [
      ...conversations.map((conversation) => ({
        organisationId,
        conversationId: conversation.id,
        type: 'created',
        actor: { type: 'system' as const, id: null },
        data: { status: conversation.status, team_id: conversation.team_id },
        occurredAt: now,
      })),
      ...reopened.map((conversationId) => ({
        organisationId,
        conversationId,
        type: 'status_changed',
        actor: { type: 'system' as const, id: null },
        data: { to: 'open', reason: 'customer_message' },
        occurredAt: now,
      })),
    ]);

    for (const conversation of conversations) {
      batch.events.push({
        type: 'conversation.created',
        organisationId,
        conversationId: conversation.id,
      });
    }
    for (const id of touchedStored) {
      batch.events.push({
        type: 'conversation.updated',
        organisationId,
        conversationId: id,
        changes: reopen.has(id) ? ['messages', 'status'] : ['messages'],
      });
    }
    for (const message of messages) {
      batch.events.push({
        type: 'message.created',
        organisationId,
        conversationId: message.conversation_id,
        messageId: message.id,
        direction: message.direction,
      });
    }
    return { stored };
  },
};

/**
 * A conversation for messages that had no known parent. It belongs to the account the customer
 * wrote to (the founder's account when only the organisation spoke) and is open when a customer
 * message is in it; one made only of the organisation's own posts is filed as resolved.
 */
function newConversation(
  id: number,
  { organisationId, now, channelAccounts, contacts }: PersistInput,
  items: InboundItem[],
): NewConversationRow {
  const firstInbound = items.find((item) => item.direction === 'inbound');
  const anchor = firstInbound ?? (items[0] as InboundItem);
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  let lastInbound: number | null = null;
  for (const item of items) {
    first = Math.min(first, item.createdAt);
    last = Math.max(last, item.createdAt);
    if (item.direction === 'inbound') lastInbound = Math.max(lastInbound ?? 0, item.createdAt);
  }
  const account = channelAccounts.get(anchor);
  if (!account) throw new Error('message without a channel account');
  return {
    id,
    organisation_id: organisationId,
    channel_account_id: account.id,
    contact_id: firstInbound ? (contacts.get(firstInbound) ?? null) : null,
    team_id: account.team_id,
    status: firstInbound ? 'open' : 'resolved',
    priority: 'normal',
    message_count: items.length,
    first_message_at: first,
    last_message_at: last,
    last_inbound_at: lastInbound,
    created_at: now,
    updated_at: now,
  };
}
