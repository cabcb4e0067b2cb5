import type { DomainEvent, EventSubscriber } from '../../platform/events.js';
import { enqueueAssignment } from './routing.jobs.js';
import { isOwn } from './routing-own-events.js';

/** Changes made elsewhere that can free capacity or put a conversation in a queue. */
const triggers = new Set(['status', 'assignee_id', 'team_id']);

function freesCapacityOrQueues(event: DomainEvent): boolean {
  if (event.type !== 'conversation.updated' || isOwn(event)) return false;
  if (event.changes.includes('messages')) return false;
  return event.changes.some((change) => triggers.has(change));
}

/**
 * Assignment must also run when capacity frees up: a conversation resolved or reassigned by hand
 * (or by an SLA escalation in a job), or moved to another team. The organisation-wide run is
 * queued in the transaction of the change itself, so a crash cannot lose it between the two.
 */
export const assignOnCapacityChange: EventSubscriber = {
  name: 'routing.assign-on-capacity-change',
  handles: ['conversation.updated'],
  async react(trx, event, { dialect, now }) {
    if (!freesCapacityOrQueues(event)) return;
    await enqueueAssignment(
      trx,
      dialect,
      { organisationId: event.organisationId, teamId: null },
      now,
    );
  },
};

export const routingSubscribers: EventSubscriber[] = [assignOnCapacityChange];
