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

export interface ListeningBatch {
  organisationId: number;
  dialect: DialectName;
  trx: Kysely<Database>;
  now: number;
  /** Messages not listened to before, in creation order. */
  messages: ListenedMessage[];
  /** Published after the listen job's transaction commits. */
  events: DomainEvent[];
}

export interface ListeningStage {
  name: string;
  run(batch: ListeningBatch): Promise<void>;
}
