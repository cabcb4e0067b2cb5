import type { Kysely } from 'kysely';
import type { ChannelConnection } from '../modules/channels/index.js';
import type { InboundMessage } from '../modules/ingest/index.js';
import type { Config } from '../platform/config.js';
import type { Database } from '../platform/database/schema.js';
import type { Logger } from '../platform/logger.js';

/**
 * The contract every channel adapter meets (docs/channels.md). An adapter knows its channel's
 * protocol and nothing of Hearken's tables: what it reads goes through an `InboundSink` into the
 * durable, idempotent ingest (`acceptInbound`), what it sends comes from the delivery job, and
 * its failures feed the account's health.
 */
export interface ChannelAdapter {
  /** The channel slug it serves (`email`), the `channel` of its accounts and messages. */
  readonly kind: string;
  /** Checks what an admin entered; returns the settings to store and the secrets to seal. */
  parseConnection(input: unknown): ParsedConnection;
  /** Proves the connection works (log in, open the mailbox); throws a `ChannelError`. */
  test(connection: ConnectionParts, config: Config): Promise<void>;
  /** Outbound side. */
  readonly outbound: OutboundSide;
  /** Inbound side: push or poll, kept open by the runner in the worker role. */
  readonly inbound: InboundSide;
}

/** The settings and opened secrets of a connection, before or after it is stored. */
export type ConnectionParts = Pick<ChannelConnection, 'settings' | 'secrets'>;

export type ParsedConnection =
  | {
      ok: true;
      handle: string;
      name?: string;
      settings: Record<string, unknown>;
      secrets: Record<string, string>;
    }
  | { ok: false; errors: { path: string; message: string }[] };

export interface OutboundReply {
  /** Stable for the reply: the same on every retry, so the channel (or we) can dedupe. */
  idempotencyKey: string;
  text: string;
  authorName: string | null;
  /** The customer's handle on the channel (e-mail: their address). */
  recipient: string;
  /** The conversation's inbound messages, oldest first: external ids and raw payloads. */
  thread: { externalId: string | null; raw: unknown }[];
}

export interface OutboundSide {
  /**
   * The id the sent message will carry on the channel, derived from the idempotency key so it is
   * known (and stored) before the first attempt (e-mail: the Message-ID).
   */
  externalIdFor(connection: ChannelConnection, idempotencyKey: string): string;
  /** Sends one reply; throws a `ChannelError` saying whether a retry can help. */
  send(connection: ChannelConnection, reply: OutboundReply, config: Config): Promise<void>;
}

/** Where an adapter's inbound side hands what it read. */
export interface InboundSink {
  readonly db: Kysely<Database>;
  readonly organisationId: number;
  readonly config: Config;
  readonly logger: Logger;
  /** Makes messages durable (raw event + ingest job); a message seen before is a no-op. */
  accept(messages: InboundMessage[]): Promise<void>;
  /** A report about a reply sent earlier (a bounce or a delivery notice). */
  report(externalId: string, report: { delivered: boolean; reason: string | null }): Promise<void>;
  /** The account's cursor as stored now (null before the first fetch). */
  cursor(): Promise<string | null>;
  /** Stores the cursor once what comes before it is durable. */
  saveCursor(cursor: string): Promise<void>;
  /**
   * The message a new one replies to, of the `candidates` (external ids, nearest first) we have
   * stored in a conversation `authorHandle` already wrote in; null starts a new conversation.
   */
  threadParent(candidates: string[], authorHandle: string): Promise<string | null>;
  /**
   * Counts a failure to read one item; returns true once it is quarantined, after which the
   * adapter moves past it (it is listed on the account, never refetched in a loop).
   */
  itemFailed(ref: string, error: unknown): Promise<boolean>;
}

export interface InboundSession {
  /** Fetches what arrived since the cursor; one at a time per account (the runner's lease). */
  fetch(): Promise<{ fetched: number }>;
  /** Closes the connection. */
  close(): Promise<void>;
}

export interface InboundSide {
  /**
   * Opens a long-lived session for the account (e-mail: an IMAP connection in IDLE). The
   * adapter calls `wake` when the server says something arrived, and `dead` when the connection
   * is lost, so the runner fetches, or reopens it.
   */
  open(
    connection: ChannelConnection,
    sink: InboundSink,
    signals: { wake(): void; dead(error: unknown): void },
  ): Promise<InboundSession>;
}

/** Why a channel call failed, and whether trying again can help. */
export class ChannelError extends Error {
  override name = 'ChannelError';
  constructor(
    message: string,
    readonly kind: 'transient' | 'permanent' | 'authentication',
    /** The server asked to wait this long (429, Retry-After, SMTP 421). */
    readonly retryAfterMilliseconds?: number,
  ) {
    super(message);
  }
}
