import type { Kysely } from 'kysely';
import type { DialectName } from '../platform/database/connection.js';
import type { Database } from '../platform/database/schema.js';
import type { DomainEvent } from '../platform/events.js';

/**
 * A stored customer message on its way through the listening stages. Everything comes from the
 * message row as the ingest transaction committed it (the sentiment is the classify stage's,
 * stored on the row), except the channel account it was addressed to, which the ingest job
 * passes along in the listen job (a reply's conversation can be on another account).
 */
export interface ListenedMessage {
  messageId: number;
  channelAccountId: number;
  text: string;
  createdAt: number;
  /** Who wrote it, for the near-duplicate clusters' author counts: `c<contact id>` or the handle. */
  authorKey: string;
  sentiment: string | null;
  polarity: number | null;
}

/** A batch of the listen job, one transaction. */
export interface ListeningBatch {
  organisationId: number;
  dialect: DialectName;
  trx: Kysely<Database>;
  now: number;
  /** Messages not listened to before, in creation order. */
  messages: ListenedMessage[];
  /** Emitted by the listen job: reacted to in its transaction, published after it commits. */
  events: DomainEvent[];
}

/** The themes stage's mark: the messages are in themes and the hourly volumes. */
export interface Themed {
  placedInThemes: number;
}

/** The backlash stage's mark: spike detection is queued for the messages' hours. */
export interface BacklashQueued {
  backlashHours: number;
}
