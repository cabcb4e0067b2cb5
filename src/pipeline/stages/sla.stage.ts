import { evaluateSla } from '../../modules/sla/index.js';
import type {
  CareBatch,
  Escalated,
  Persisted,
  Routed,
  SlaEvaluated,
  Threaded,
} from '../care-batch.js';
import type { Stage } from '../stage.js';

/**
 * Once priority and team are final (escalate, route): the conversations that gained messages get
 * their report rollup and SLA clocks refreshed in the same transaction, so the inbox never shows
 * a due time older than the messages it sorts (see modules/sla).
 */
export const slaStage: Stage<CareBatch & Threaded & Persisted & Escalated & Routed, SlaEvaluated> =
  {
    name: 'sla',
    async run(batch) {
      const touched = new Set<number>();
      for (const item of batch.live) {
        const stored = batch.stored.get(item);
        if (stored) touched.add(stored.conversationId);
      }
      // Conversations folded into others are gone: their rollup rows go too.
      for (const absorbedId of batch.absorbed.keys()) touched.add(absorbedId);
      if (touched.size === 0) return { slaEvaluated: 0 };
      const events = await evaluateSla(batch.trx, batch.organisationId, [...touched], batch.now);
      batch.events.push(...events);
      return { slaEvaluated: touched.size };
    },
  };
