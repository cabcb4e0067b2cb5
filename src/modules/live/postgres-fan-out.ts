import pg from 'pg';
import type { DatabaseHandle } from '../../platform/database/connection.js';
import type { Logger } from '../../platform/logger.js';
import type { FanOut, LiveEvent } from './live-hub.js';
import { currentSchema, notify } from './live-notify.repository.js';

export const notifyChannel = 'hearken_events';

interface Envelope {
  origin: string;
  /** NOTIFY reaches every schema of the database; only our schema's events count. */
  scope: string;
  event: LiveEvent;
}

/**
 * Cross-process live updates on PostgreSQL: each event is sent with NOTIFY after the commit that
 * made it (the EventBus only publishes after commit), and every process LISTENs on a dedicated
 * connection outside the pool, reconnecting if that connection drops.
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

  async send(event: LiveEvent): Promise<void> {
    if (this.closed) return;
    const envelope: Envelope = { origin: this.options.origin, scope: this.scope, event };
    await notify(this.options.database.db, notifyChannel, JSON.stringify(envelope));
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
      if (envelope.scope !== this.scope) return;
      this.options.receive(envelope.origin, envelope.event);
    } catch (error) {
      this.options.logger.warn({ err: error }, 'live updates: unreadable notification');
    }
  }
}
