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
