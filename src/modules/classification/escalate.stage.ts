import type { PipelineStage } from '../../pipeline/pipeline-batch.js';
import type { Priority } from '../../platform/database/schema.js';
import { raiseConversationPriority, recordConversationEvents } from '../conversations/index.js';

/**
 * A customer message raises its conversation to high priority when the anger model is this sure
 * and the sentiment is clearly negative too. The shipped anger model is trained on weak labels
 * and over-confident (a plain refund request scores ~0.9), so the bar is high: a false alarm
 * pushes a calm customer ahead of others (Chatwoot dropped mood priority over exactly that).
 */
export const angerThreshold = 0.95;
export const angerSentimentCeiling = -0.5;

/**
 * A customer who turns angry or says they are leaving rises to the top of the queue: the
 * conversation's priority goes up (never down), with the reason shown to the agent and kept in
 * the conversation's history.
 */
export const escalateStage: PipelineStage = {
  name: 'escalate',
  async run(batch) {
    const wanted = new Map<number, { priority: Priority; reason: string }>();
    for (const item of batch.items) {
      const classification = item.classification;
      if (item.duplicate || item.direction !== 'inbound' || !classification) continue;
      if (item.conversationId === undefined) continue;
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
      const existing = wanted.get(item.conversationId);
      if (raise && (!existing || (existing.priority === 'high' && raise.priority === 'urgent'))) {
        wanted.set(item.conversationId, raise);
      }
    }
    const changed = await raiseConversationPriority(
      batch.trx,
      batch.organisationId,
      [...wanted].map(([id, raise]) => ({ id, ...raise })),
      batch.now,
    );
    await recordConversationEvents(
      batch.trx,
      changed.map((change) => ({
        organisationId: batch.organisationId,
        conversationId: change.id,
        type: 'priority_changed',
        actor: { type: 'system' as const, id: null },
        data: { from: change.from, to: change.to, reason: change.reason },
        occurredAt: batch.now,
      })),
    );
    for (const change of changed) {
      batch.events.push({
        type: 'conversation.updated',
        organisationId: batch.organisationId,
        conversationId: change.id,
        changes: ['priority'],
      });
    }
  },
};
