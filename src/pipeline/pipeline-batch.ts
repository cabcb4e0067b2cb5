import type { Kysely } from 'kysely';
import type { ChannelAccountRow } from '../modules/channels/index.js';
import type { DialectName } from '../platform/database/connection.js';
import type { Database } from '../platform/database/schema.js';
import type { DomainEvent } from '../platform/events.js';

/** One inbound message on its way through the stages; each stage fills in its part. */
export interface PipelineItem {
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
  /** Set when the message is already stored (a redelivery): later stages leave it alone. */
  duplicate: boolean;
  channelAccount?: ChannelAccountRow;
  contactId: number | null;
  conversationId?: number;
  messageId?: number;
  /** Filled by the NLP stage when it runs before routing (ISO 639-1, e.g. 'en'). */
  language?: string;
  /** Filled by the NLP stage: the intent label routing rules can match on. */
  intent?: string;
  /** Filled by the classify stage: every figure the models gave this message. */
  classification?: MessageClassificationColumns;
}

/** What the classify stage stores on a message row. */
export interface MessageClassificationColumns {
  sentiment: string;
  sentiment_score: number;
  anger_score: number;
  complaint_score: number;
  intent: string;
  intent_score: number;
  language: string;
  churn_risk: string | null;
  classifier_version: string;
}

export interface PipelineBatch {
  organisationId: number;
  dialect: DialectName;
  trx: Kysely<Database>;
  now: number;
  items: PipelineItem[];
  /** Published after the batch's transaction commits. */
  events: DomainEvent[];
  /** Stage-to-stage facts that are not per item (e.g. what the thread stage found stored). */
  storedByExternalId: Map<string, number>;
  threadPlan?: ThreadPlan;
}

export type ConversationRef =
  | { kind: 'stored'; id: number }
  | { kind: 'new'; order: number; founder: PipelineItem };

/** What the thread stage decided, for the persist stage to write. */
export interface ThreadPlan {
  /** Root reference of each live item's conversation. */
  itemRoots: Map<PipelineItem, ConversationRef>;
  /** Stored conversations that must be folded into another one: absorbed id -> surviving ref. */
  absorbed: Map<number, ConversationRef>;
}

export interface PipelineStage {
  name: string;
  run(batch: PipelineBatch): Promise<void>;
}

/** Groups items by channel: external ids are unique per channel, so lookups go per channel. */
export function itemsByChannel(items: PipelineItem[]): Map<string, PipelineItem[]> {
  const groups = new Map<string, PipelineItem[]>();
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

export function messageKey(channel: string, externalId: string): string {
  return `${channel}\u0000${externalId}`;
}
