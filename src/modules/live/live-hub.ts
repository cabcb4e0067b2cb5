import { randomUUID } from 'node:crypto';
import type { DomainEvent } from '../../platform/events.js';
import type { ClientEvent } from './live.schema.js';
import { type PresenceHeartbeat, PresenceRegistry } from './presence.js';

/** What crosses processes: domain events and presence heartbeats. */
export type LiveEvent = DomainEvent | PresenceHeartbeat;

type Listener = (event: ClientEvent) => void;

/**
 * Sends live events to other processes, the events of one commit together; the hub receives
 * theirs through `receive`.
 */
export interface FanOut {
  send(events: readonly LiveEvent[]): Promise<void>;
}

/**
 * Delivers live events to the browsers connected to this process, by organisation. Events made
 * here are delivered at once and also sent to the other processes through the fan-out; events
 * coming back from the fan-out with this process's origin are ignored, so none arrives twice.
 */
export class LiveHub {
  readonly origin = randomUUID();
  readonly presence = new PresenceRegistry();
  private readonly listeners = new Map<number, Set<Listener>>();
  private fanOut: FanOut | null = null;
  private readonly pruneTimer: NodeJS.Timeout;

  constructor(private readonly onError: (error: unknown) => void) {
    this.pruneTimer = setInterval(() => this.prune(), 5000);
    this.pruneTimer.unref();
  }

  useFanOut(fanOut: FanOut): void {
    this.fanOut = fanOut;
  }

  subscribe(organisationId: number, listener: Listener): () => void {
    const set = this.listeners.get(organisationId) ?? new Set<Listener>();
    set.add(listener);
    this.listeners.set(organisationId, set);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(organisationId);
    };
  }

  connectionCount(): number {
    let count = 0;
    for (const set of this.listeners.values()) count += set.size;
    return count;
  }

  /** An event made in this process. */
  publish(event: LiveEvent): void {
    this.publishAll([event]);
  }

  /** The events of one commit made in this process: delivered here, sent on together. */
  publishAll(events: readonly LiveEvent[]): void {
    if (events.length === 0) return;
    for (const event of events) this.deliver(event);
    this.fanOut?.send(events).catch(this.onError);
  }

  /** An event from the fan-out, possibly our own coming back. */
  receive(origin: string, event: LiveEvent): void {
    if (origin !== this.origin) this.deliver(event);
  }

  close(): void {
    clearInterval(this.pruneTimer);
    this.listeners.clear();
  }

  private deliver(event: LiveEvent): void {
    if (event.type === 'presence.heartbeat') {
      if (!this.presence.apply(event, Date.now())) return;
      this.emit(
        event.organisationId,
        this.presenceEvent(event.organisationId, event.conversationId),
      );
      return;
    }
    this.emit(event.organisationId, event);
  }

  private presenceEvent(organisationId: number, conversationId: number): ClientEvent {
    return {
      type: 'presence',
      conversationId,
      viewers: this.presence.viewers(organisationId, conversationId, Date.now()),
    };
  }

  private emit(organisationId: number, event: ClientEvent): void {
    for (const listener of this.listeners.get(organisationId) ?? []) {
      try {
        listener(event);
      } catch (error) {
        this.onError(error);
      }
    }
  }

  private prune(): void {
    for (const { organisationId, conversationId } of this.presence.prune(Date.now())) {
      this.emit(organisationId, this.presenceEvent(organisationId, conversationId));
    }
  }
}
