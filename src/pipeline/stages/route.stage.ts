import { type NewConversationToRoute, routeNewConversations } from '../../modules/routing/index.js';
import type {
  Addressed,
  Attributed,
  CareBatch,
  Classified,
  Escalated,
  InboundItem,
  Persisted,
  Routed,
  Threaded,
} from '../care-batch.js';
import type { Stage } from '../stage.js';

type RouteInput = CareBatch &
  Threaded &
  Classified &
  Addressed &
  Attributed &
  Persisted &
  Escalated;

/**
 * After persist (it routes stored conversations) and escalate (a routing rule's priority is
 * applied over the raised one): routes the conversations this batch created and queues
 * assignment (see modules/routing).
 */
export const routeStage: Stage<RouteInput, Routed> = {
  name: 'route',
  async run(batch) {
    const created = new Map<number, InboundItem[]>();
    const repliedTo = new Set<number>();
    for (const [item, root] of batch.itemRoots) {
      const stored = batch.stored.get(item);
      if (stored === undefined) continue;
      if (root.kind === 'stored') {
        if (item.direction === 'inbound') repliedTo.add(stored.conversationId);
        continue;
      }
      const items = created.get(stored.conversationId);
      if (items) items.push(item);
      else created.set(stored.conversationId, [item]);
    }
    const routable: NewConversationToRoute[] = [];
    for (const [id, items] of created) {
      // Conversations of only the organisation's own posts are filed resolved: nothing to route.
      const founder = items.find((item) => item.direction === 'inbound');
      if (!founder) continue;
      const account = batch.channelAccounts.get(founder);
      const classification = batch.classifications.get(founder);
      routable.push({
        id,
        createdTeamId: account?.team_id ?? null,
        founder: {
          channelAccountId: account?.id ?? 0,
          text: founder.text,
          language: classification?.language ?? null,
          intent: classification?.intent ?? null,
          contactId: batch.contacts.get(founder) ?? null,
        },
      });
    }
    batch.events.push(
      ...(await routeNewConversations(
        batch.trx,
        batch.dialect,
        batch.organisationId,
        routable,
        [...repliedTo],
        batch.now,
      )),
    );
    return { routed: routable.length };
  },
};
