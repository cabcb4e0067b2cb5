import pg from 'pg';
import type { DatabaseHandle } from '../../platform/database/connection.js';
import type { Logger } from '../../platform/logger.js';
import type { FanOut, LiveEvent } from './live-hub.js';
import { currentSchema, notifyAll } from './live-notify.repository.js';

export const notifyChannel = 'hearken_events';

/**
 * Bytes of one NOTIFY payload at most: PostgreSQL refuses 8,000 and more; the rest is margin.
 */
export const maxPayloadBytes = 7800;

export interface Envelope {
  origin: string;
  /** NOTIFY reaches every schema of the database; only our schema's events count. */
  scope: string;
  /** Events of one commit, in order (as many as fit one payload). */
  events: LiveEvent[];
}

/**
 * Cross-process live updates on PostgreSQL: the events of one commit are sent after it (the
 * EventBus only publishes after commit) packed into as few NOTIFY payloads as fit (a batch of
 * 1,000 messages is a few dozen, not two thousand), all in one statement, so the server takes
 * its notification queue lock once per commit rather than once per event. Every process LISTENs
 * on a dedicated connection outside the pool, reconnecting if that connection drops.
 */
export class PostgresFanOut implements FanOut {
  private client: pg.Client | null = null;
  private scope = '';
  private closed = false;
  private reconnectTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly options: {
      database: DatabaseHandle;
      databaseUrl: string;
      origin: string;
      logger: Logger;
      receive: (origin: string, event: LiveEvent) => void;
    },
  ) {}

  async start(): Promise<void> {
    this.scope = await currentSchema(this.options.database.db);
    await this.listen();
  }

  async send(events: readonly LiveEvent[]): Promise<void> {
    if (this.closed || events.length === 0) return;
    const payloads = packEnvelopes(this.options.origin, this.scope, events);
    await notifyAll(this.options.database.db, notifyChannel, payloads);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.options.databaseUrl });
    client.on('notification', (message) => this.onNotification(message.payload));
    const lost = (error?: Error) => {
      if (this.client !== client) return;
      this.options.logger.warn({ err: error }, 'live updates: LISTEN connection lost');
      this.client = null;
      this.scheduleReconnect();
    };
    client.on('error', lost);
    client.on('end', () => lost());
    try {
      await client.connect();
      await client.query(`LISTEN ${notifyChannel}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.closed) await client.end().catch(() => undefined);
    else this.client = client;
  }

  private scheduleReconnect(): void {
    if (this.closed || this.reconnectTimer) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.listen().catch((error) => {
        this.options.logger.warn({ err: error }, 'live updates: reconnecting LISTEN failed');
        this.scheduleReconnect();
      });
    }, 1000);
  }

  private onNotification(payload: string | undefined): void {
    if (!payload) return;
    try {
      const envelope = JSON.parse(payload) as Envelope;
      if (envelope.scope !== this.scope || !Array.isArray(envelope.events)) return;
      for (const event of envelope.events) this.options.receive(envelope.origin, event);
    } catch (error) {
      this.options.logger.warn({ err: error }, 'live updates: unreadable notification');
    }
  }
}

/**
 * The events as envelopes of at most `maxPayloadBytes` each, in order. An event too large for a
 * payload of its own (none is: they carry ids and a few words) would be refused by PostgreSQL.
 */
export function packEnvelopes(
  origin: string,
  scope: string,
  events: readonly LiveEvent[],
  limit = maxPayloadBytes,
): string[] {
  const head = JSON.stringify({ origin, scope, events: [] });
  const payloads: string[] = [];
  let parts: string[] = [];
  let bytes = Buffer.byteLength(head);
  const flush = () => {
    if (parts.length === 0) return;
    payloads.push(`${head.slice(0, -3)}[${parts.join(',')}]}`);
    parts = [];
    bytes = Buffer.byteLength(head);
  };
  for (const event of events) {
    const part = JSON.stringify(event);
    const size = Buffer.byteLength(part) + 1;
    if (parts.length > 0 && bytes + size > limit) flush();
    parts.push(part);
    bytes += size;
  }
  flush();
  return payloads;
}
