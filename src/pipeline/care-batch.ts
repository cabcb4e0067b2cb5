import type { Kysely } from 'kysely';
import type { BypassSettings } from '../modules/bypass/index.js';
import type { ChannelAccountRow } from '../modules/channels/index.js';
import type { MessageClassification } from '../modules/classification/index.js';
import type { DialectName } from '../platform/database/connection.js';
import type { Database } from '../platform/database/schema.js';
import type { DomainEvent } from '../platform/events.js';

/**
 * One inbound message as the normalise stage made it. Items are never changed afterwards: what a
 * stage learns about them it adds to the batch, keyed by item, so a stage's type says which
 * earlier stages it reads (see `Stage` and the chain in care-pipeline.ts).
 */
export interface InboundItem {
  eventId: number;
  receivedAt: number;
  channel: string;
  channelAccountHandle: string;
  externalId: string;
  direction: 'inbound' | 'outbound';
  authorHandle: string;
  authorName: string | null;
  text: string;
  createdAt: number;
  inReplyTo: string | null;
  raw: string | null;
}

/** A batch of the care path (the ingest job), one transaction. */
export interface CareBatch {
  organisationId: number;
  dialect: DialectName;
  trx: Kysely<Database>;
  now: number;
  /** In creation order (then event id). */
  items: InboundItem[];
  /** Emitted by the ingest job: reacted to in its transaction, published after it commits. */
  events: DomainEvent[];
  /** Which channels are social and when a new conversation there counts as bypass. */
  bypass: BypassSettings;
}

export type ConversationRef =
  | { kind: 'stored'; id: number }
  | { kind: 'new'; order: number; founder: InboundItem };

/** What the thread stage adds: which items are new and the conversation each one goes to. */
export interface Threaded {
  /**
   * The items not already stored (a redelivery is stored: later stages leave it alone), in batch
   * order.
   */
  live: InboundItem[];
  /** Root reference of each live item's conversation, grouped by channel. */
  itemRoots: Map<InboundItem, ConversationRef>;
  /** Stored conversations that must be folded into another one: absorbed id -> surviving ref. */
  absorbed: Map<number, ConversationRef>;
}

/** What the classify stage adds: every figure the models gave each live item. */
export interface Classified {
  classifications: Map<InboundItem, MessageClassification>;
}

/** What the resolve-channel-account stage adds: the organisation's account of each live item. */
export interface Addressed {
  channelAccounts: Map<InboundItem, ChannelAccountRow>;
}

/** What the resolve-contact stage adds: the contact who wrote each live inbound item. */
export interface Attributed {
  contacts: Map<InboundItem, number>;
}

/** What the persist stage adds: the stored rows of each live item. */
export interface Persisted {
  stored: Map<InboundItem, { conversationId: number; messageId: number }>;
}

/** The escalate stage's mark: conversations it raised (before routing and SLA read priority). */
export interface Escalated {
  escalated: number[];
}

/** The bypass stage's mark: conversations it flagged as social bypass. */
export interface BypassChecked {
  bypassFlagged: number[];
}

/** The route stage's mark: conversations are in their final team (which SLA policies match on). */
export interface Routed {
  routed: number;
}

/** The SLA stage's mark: conversations whose clocks and report rollup it refreshed. */
export interface SlaEvaluated {
  slaEvaluated: number;
}

/** The queue-listening stage's mark: customer messages handed to the listen job. */
export interface QueuedForListening {
  queuedForListening: number;
}

/** Groups items by channel: external ids are unique per channel, so lookups go per channel. */
export function itemsByChannel(items: InboundItem[]): Map<string, InboundItem[]> {
  const groups = new Map<string, InboundItem[]>();
  for (const item of items) {
    let group = groups.get(item.channel);
    if (!group) {
      group = [];
      groups.set(item.channel, group);
    }
    group.push(item);
  }
  return groups;
}
