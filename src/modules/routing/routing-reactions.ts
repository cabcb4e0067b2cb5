import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { withTransaction } from '../../platform/database/connection.js';
import type { DomainEvent } from '../../platform/events.js';
import { enqueueAssignment } from './routing.jobs.js';

/** Events routing published itself; reacting to them would only queue redundant runs. */
const ownEvents = new WeakSet<DomainEvent>();

export function markOwn<T extends DomainEvent[]>(events: T): T {
  for (const event of events) ownEvents.add(event);
  return events;
}

/** Changes made elsewhere that can free capacity or put a conversation in a queue. */
const triggers = new Set(['status', 'assignee_id', 'team_id']);

/**
 * Assignment must also run when capacity frees up: a conversation resolved or reassigned by
 * hand, or moved to another team. Those changes happen in the conversations module, which
 * publishes a domain event after its commit; this queues an organisation-wide assignment run in
 * reply. The enqueue is a second transaction, so a crash right after the change can lose it;
 * the periodic presence check of every available agent queues a run for their teams anyway,
 * which bounds the delay to the offline window.
 */
export function registerRoutingReactions(app: FastifyInstance, context: AppContext): void {
  const unsubscribe = context.events.subscribe((event) => {
    if (event.type !== 'conversation.updated' || ownEvents.has(event)) return;
    if (event.changes.includes('messages')) return;
    if (!event.changes.some((change) => triggers.has(change))) return;
    withTransaction(context.database, (trx) =>
      enqueueAssignment(trx, context.database.dialect, {
        organisationId: event.organisationId,
        teamId: null,
      }),
    ).catch((error: unknown) => {
      context.logger.error(
        { err: error },
        'could not queue assignment after a conversation change',
      );
    });
  });
  app.addHook('onClose', async () => unsubscribe());
}
