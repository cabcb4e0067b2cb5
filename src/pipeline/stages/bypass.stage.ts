import { flagSocialBypass, type StartedConversation } from '../../modules/bypass/index.js';
import type {
  Attributed,
  BypassChecked,
  CareBatch,
  Escalated,
  Persisted,
  Threaded,
} from '../care-batch.js';
import type { Stage } from '../stage.js';

/**
 * Conversations this batch started on a social channel are checked for social bypass (see
 * modules/bypass), after escalate (a raise for anger and one for bypass keep the higher) and
 * before routing and SLA policies read the priority.
 */
export const bypassStage: Stage<
  CareBatch & Threaded & Attributed & Persisted & Escalated,
  BypassChecked
> = {
  name: 'bypass',
  async run(batch) {
    const started: StartedConversation[] = [];
    for (const [item, root] of batch.itemRoots) {
      if (root.kind !== 'new' || root.founder !== item || item.direction !== 'inbound') continue;
      const contactId = batch.contacts.get(item);
      const stored = batch.stored.get(item);
      if (contactId === undefined || !stored) continue;
      started.push({
        conversationId: stored.conversationId,
        contactId,
        channel: item.channel,
        startedAt: item.createdAt,
      });
    }
    const { flagged, events } = await flagSocialBypass(
      batch.trx,
      batch.organisationId,
      started,
      batch.bypass,
      batch.now,
    );
    batch.events.push(...events);
    return { bypassFlagged: flagged };
  },
};
