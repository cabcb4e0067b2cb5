import type { Kysely } from 'kysely';
import type { Database, Priority } from '../../platform/database/schema.js';
import type { DomainEvent } from '../../platform/events.js';
import { raiseConversationPriority, recordConversationEvents } from '../conversations/index.js';
import type { MessageClassification } from './message-classification.js';

/**
 * A customer message raises its conversation to high priority when the anger model is this sure
 * and the sentiment is clearly negative too. The shipped anger model is trained on weak labels
 * and over-confident (a plain refund request scores ~0.9), so the bar is high: a false alarm
 * pushes a calm customer ahead of others (Chatwoot dropped mood priority over exactly that).
 */
export const angerThreshold = 0.95;
export const angerSentimentCeiling = -0.5;

/** A new customer message, with the conversation it was stored in and its classification. */
export interface ClassifiedCustomerMessage {
  conversationId: number;
  classification: Pick<MessageClassification, 'anger_score' | 'sentiment_score' | 'churn_risk'>;
}

/**
 * A customer who turns angry or says they are leaving rises to the top of the queue: the
 * conversation's priority goes up (never down), with the reason shown to the agent and kept in
 * the conversation's history. Returns the events of the conversations it raised.
 */
export async function raisePriorityOfAngry(
  trx: Kysely<Database>,
  organisationId: number,
  messages: readonly ClassifiedCustomerMessage[],
  now: number,
): Promise<{ raised: number[]; events: DomainEvent[] }> {
  const wanted = new Map<number, { priority: Priority; reason: string }>();
  for (const { conversationId, classification } of messages) {
    let raise: { priority: Priority; reason: string } | undefined;
    if (classification.churn_risk) {
      raise = { priority: 'urgent', reason: `churn risk: ${classification.churn_risk}` };
    } else if (
      classification.anger_score >= angerThreshold &&
      classification.sentiment_score <= angerSentimentCeiling
    ) {
      raise = {
        priority: 'high',
        reason: `angry customer (anger ${classification.anger_score.toFixed(2)})`,
      };
    }
    const existing = wanted.get(conversationId);
    if (raise && (!existing || (existing.priority === 'high' && raise.priority === 'urgent'))) {
      wanted.set(conversationId, raise);
    }
  }
  const changed = await raiseConversationPriority(
    trx,
    organisationId,
    [...wanted].map(([id, raise]) => ({ id, ...raise })),
    now,
  );
  await recordConversationEvents(
    trx,
    changed.map((change) => ({
      organisationId,
      conversationId: change.id,
      type: 'priority_changed',
      actor: { type: 'system' as const, id: null },
      data: { from: change.from, to: change.to, reason: change.reason },
      occurredAt: now,
    })),
  );
  return {
    raised: changed.map((change) => change.id),
    events: changed.map((change) => ({
      type: 'conversation.updated',
      organisationId,
      conversationId: change.id,
      changes: ['priority'],
    })),
  };
}
