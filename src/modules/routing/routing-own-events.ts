import type { DomainEvent } from '../../platform/events.js';

/** Events routing emitted itself; reacting to them would only queue redundant runs. */
const ownEvents = new WeakSet<DomainEvent>();

export function markOwn<T extends DomainEvent[]>(events: T): T {
  for (const event of events) ownEvents.add(event);
  return events;
}

export function isOwn(event: DomainEvent): boolean {
  return ownEvents.has(event);
}
