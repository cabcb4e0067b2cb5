import { findMessagesByExternalId, findRepliesTo } from '../../modules/conversations/index.js';
import {
  type CareBatch,
  type ConversationRef,
  type InboundItem,
  itemsByChannel,
  type Threaded,
} from '../care-batch.js';
import type { Stage } from '../stage.js';

/**
 * Threading, set-at-a-time. A message that replies to a known message joins that message's
 * conversation; any other message starts one. Replies that arrived before their parent (normal on
 * social networks) sit in a conversation of their own until the parent arrives; then the two
 * conversations become one. Conversations are tracked as references in a union-find, so a batch
 * can join many chains in memory and the persist stage writes the outcome once.
 */
class ConversationUnion {
  private readonly parent = new Map<ConversationRef, ConversationRef>();
  private readonly stored = new Map<number, ConversationRef>();

  storedRef(id: number): ConversationRef {
    let ref = this.stored.get(id);
    if (!ref) {
      ref = { kind: 'stored', id };
      this.stored.set(id, ref);
    }
    return ref;
  }

  storedRefs(): ConversationRef[] {
    return [...this.stored.values()];
  }

  find(ref: ConversationRef): ConversationRef {
    let root = ref;
    for (let next = this.parent.get(root); next; next = this.parent.get(root)) root = next;
    for (
      let node = ref, next = this.parent.get(node);
      next;
      node = next, next = this.parent.get(node)
    ) {
      this.parent.set(node, root);
    }
    return root;
  }

  /** The survivor is the stored conversation (the oldest if both are), else the first created. */
  union(a: ConversationRef, b: ConversationRef): void {
    const rootA = this.find(a);
    const rootB = this.find(b);
    if (rootA === rootB) return;
    const [winner, loser] = precedes(rootA, rootB) ? [rootA, rootB] : [rootB, rootA];
    this.parent.set(loser, winner);
  }
}

function precedes(a: ConversationRef, b: ConversationRef): boolean {
  if (a.kind === 'stored' && b.kind === 'stored') return a.id < b.id;
  if (a.kind === 'stored') return true;
  if (b.kind === 'stored') return false;
  return a.order < b.order;
}

/** Dedupes against stored messages and plans the conversations (union-find over reply links). */
export const threadStage: Stage<CareBatch, Threaded> = {
  name: 'thread',
  run: planThreads,
};

async function planThreads(batch: CareBatch): Promise<Threaded> {
  const union = new ConversationUnion();
  const itemRefs = new Map<InboundItem, ConversationRef>();
  const duplicates = new Set<InboundItem>();
  let order = 0;
  for (const [channel, items] of itemsByChannel(batch.items)) {
    const lookupIds = new Set<string>();
    for (const item of items) {
      lookupIds.add(item.externalId);
      if (item.inReplyTo) lookupIds.add(item.inReplyTo);
    }
    const stored = new Map<string, number>();
    for (const row of await findMessagesByExternalId(batch.trx, batch.organisationId, channel, [
      ...lookupIds,
    ])) {
      stored.set(row.external_id, row.conversation_id);
    }
    for (const item of items) {
      if (stored.has(item.externalId)) duplicates.add(item);
    }
    const live = items.filter((item) => !duplicates.has(item));
    const waiting = new Map<string, number[]>();
    for (const row of await findRepliesTo(
      batch.trx,
      batch.organisationId,
      channel,
      live.map((item) => item.externalId),
    )) {
      const list = waiting.get(row.in_reply_to_external_id) ?? [];
      list.push(row.conversation_id);
      waiting.set(row.in_reply_to_external_id, list);
    }
    const inBatch = new Map<string, ConversationRef>();
    const orphansInBatch = new Map<string, ConversationRef[]>();
    for (const item of live) {
      const parentStored = item.inReplyTo ? stored.get(item.inReplyTo) : undefined;
      const parentRef = item.inReplyTo
        ? (inBatch.get(item.inReplyTo) ??
          (parentStored === undefined ? undefined : union.storedRef(parentStored)))
        : undefined;
      const ref: ConversationRef = parentRef ?? { kind: 'new', order: order++, founder: item };
      if (!parentRef && item.inReplyTo) {
        const list = orphansInBatch.get(item.inReplyTo) ?? [];
        list.push(ref);
        orphansInBatch.set(item.inReplyTo, list);
      }
      inBatch.set(item.externalId, ref);
      itemRefs.set(item, ref);
      for (const child of orphansInBatch.get(item.externalId) ?? []) union.union(ref, child);
      for (const conversationId of waiting.get(item.externalId) ?? []) {
        union.union(ref, union.storedRef(conversationId));
      }
    }
  }
  const itemRoots = new Map<InboundItem, ConversationRef>();
  for (const [item, ref] of itemRefs) itemRoots.set(item, union.find(ref));
  const absorbed = new Map<number, ConversationRef>();
  for (const ref of union.storedRefs()) {
    const root = union.find(ref);
    if (root !== ref && ref.kind === 'stored') absorbed.set(ref.id, root);
  }
  return { live: batch.items.filter((item) => !duplicates.has(item)), itemRoots, absorbed };
}
