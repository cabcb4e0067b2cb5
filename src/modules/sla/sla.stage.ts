import type { PipelineStage } from '../../pipeline/index.js';
import { evaluateSla } from './sla.service.js';

/**
 * Runs after persist: the conversations that gained messages get their report rollup and SLA
 * clocks refreshed in the same transaction, so the inbox never shows a due time older than the
 * messages it sorts.
 */
export const slaStage: PipelineStage = {
  name: 'sla',
  async run(batch) {
    const touched = new Set<number>();
    for (const item of batch.items) {
      if (!item.duplicate && item.conversationId !== undefined) touched.add(item.conversationId);
    }
    // Conversations folded into others are gone: their rollup rows go too.
    for (const absorbedId of batch.threadPlan?.absorbed.keys() ?? []) touched.add(absorbedId);
    if (touched.size === 0) return;
    const events = await evaluateSla(batch.trx, batch.organisationId, [...touched], batch.now);
    batch.events.push(...events);
  },
};
