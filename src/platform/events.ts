import { EventEmitter } from 'node:events';

/**
 * Domain events, published after the transaction that caused them commits. Listeners in this
 * process (live updates, webhooks, alerts) subscribe here; fan-out across processes is layered on
 * top by the live-updates module.
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
    };

export class EventBus {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  publish(events: DomainEvent[]): void {
    for (const event of events) this.emitter.emit('event', event);
  }

  subscribe(listener: (event: DomainEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }
}
