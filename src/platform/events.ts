import { EventEmitter } from 'node:events';
import type { Kysely } from 'kysely';
import { type DatabaseHandle, type DialectName, withTransaction } from './database/connection.js';
import type { Database } from './database/schema.js';

/**
 * Domain events. Each is emitted inside the transaction that causes it: the modules' subscribers
 * react there (whatever they must do later is enqueued as a job in that same transaction, a
 * transactional outbox, so nothing is lost between two transactions), and once it commits the
 * event is published to listeners in this process (live updates); fan-out across processes is
 * layered on top by the live-updates module.
 */
export type DomainEvent =
  | {
      type: 'message.created';
      organisationId: number;
      conversationId: number;
      messageId: number;
      direction: 'inbound' | 'outbound';
    }
  | { type: 'conversation.created'; organisationId: number; conversationId: number }
  | {
      type: 'conversation.updated';
      organisationId: number;
      conversationId: number;
      changes: string[];
    }
  | {
      type: 'conversation.merged';
      organisationId: number;
      conversationId: number;
      mergedIds: number[];
    }
  | {
      /** An internal note: visible to agents only, never a reply to the customer. */
      type: 'note.created';
      organisationId: number;
      conversationId: number;
      messageId: number;
    }
  | {
      /** An agent went available, away or offline (by choice or for lack of activity). */
      type: 'agent.availability_changed';
      organisationId: number;
      userId: number;
      availability: 'available' | 'away' | 'offline';
    }
  | {
      /** A running SLA clock reached its warning threshold (e.g. 75% of the target). */
      type: 'sla.warning';
      organisationId: number;
      conversationId: number;
      metric: 'first_response' | 'next_response' | 'resolution';
      dueAt: number;
    }
  | {
      type: 'sla.breached';
      organisationId: number;
      conversationId: number;
      metric: 'first_response' | 'next_response' | 'resolution';
      dueAt: number;
    }
  | {
      /** A backlash spike opened an alert (see modules/alerts). */
      type: 'alert.opened';
      organisationId: number;
      alertId: number;
    }
  | {
      /** An alert was acknowledged, resolved, or its severity rose. */
      type: 'alert.updated';
      organisationId: number;
      alertId: number;
      status: 'open' | 'acknowledged' | 'resolved';
    }
  | {
      /** A decision of the ledger changed: a step, a link, a merge or a split (modules/ledger). */
      type: 'decision.changed';
      organisationId: number;
      decisionId: number;
      kind: string;
      /** The step was published: the people linked are to be told. */
      published: boolean;
    };

export type DomainEventType = DomainEvent['type'];

export interface ReactionContext {
  dialect: DialectName;
  now: number;
}

/**
 * A module's reaction to domain events, declared in `<module>.subscribers.ts` and started by the
 * runtime for every role (serve and worker alike). `react` runs inside the transaction that
 * emitted the event and must only write (typically enqueue a job): it commits or rolls back with
 * the change it reacts to.
 */
export interface EventSubscriber {
  name: string;
  handles: readonly DomainEventType[];
  react(trx: Kysely<Database>, event: DomainEvent, context: ReactionContext): Promise<void>;
}

export class EventBus {
  private readonly emitter = new EventEmitter();
  private readonly subscribers: EventSubscriber[] = [];

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  /** Adds modules' transactional subscribers (the runtime does this once at start). */
  addSubscribers(subscribers: readonly EventSubscriber[]): void {
    for (const subscriber of subscribers) {
      if (this.subscribers.some((known) => known.name === subscriber.name)) {
        throw new Error(`event subscriber ${subscriber.name} is registered twice`);
      }
      this.subscribers.push(subscriber);
    }
  }

  /** Runs the subscribers' reactions to `events` inside `trx`, the events' own transaction. */
  async react(
    trx: Kysely<Database>,
    dialect: DialectName,
    events: readonly DomainEvent[],
  ): Promise<void> {
    if (events.length === 0 || this.subscribers.length === 0) return;
    const context: ReactionContext = { dialect, now: Date.now() };
    for (const event of events) {
      for (const subscriber of this.subscribers) {
        if (subscriber.handles.includes(event.type)) await subscriber.react(trx, event, context);
      }
    }
  }

  /** Tells this process's listeners; call only after the events' transaction committed. */
  publish(events: readonly DomainEvent[]): void {
    if (events.length === 0) return;
    for (const event of events) this.emitter.emit('event', event);
    this.emitter.emit('committed', events);
  }

  /** Listens to committed events in this process (live updates); never for durable work. */
  subscribe(listener: (event: DomainEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }

  /**
   * Listens to the events of each committed transaction together (one call per commit, never
   * empty): what crosses processes is sent once per commit rather than once per event.
   */
  subscribeCommitted(listener: (events: readonly DomainEvent[]) => void): () => void {
    this.emitter.on('committed', listener);
    return () => this.emitter.off('committed', listener);
  }
}

/** Collects the events a unit of work emits. */
export type Emit = (events: readonly DomainEvent[]) => void;

/**
 * Runs `work` in one transaction together with the subscribers' reactions to the events it
 * emits, then publishes those events once the transaction has committed.
 */
export async function transactWithEvents<T>(
  handle: DatabaseHandle,
  bus: EventBus,
  work: (trx: Kysely<Database>, emit: Emit) => Promise<T>,
): Promise<T> {
  const emitted: DomainEvent[] = [];
  const emit: Emit = (events) => {
    emitted.push(...events);
  };
  const result = await withTransaction(handle, async (trx) => {
    const value = await work(trx, emit);
    await bus.react(trx, handle.dialect, emitted);
    return value;
  });
  bus.publish(emitted);
  return result;
}
