import type { Kysely } from 'kysely';
import type { DialectName } from '../../platform/database/connection.js';
import type { Database, OutboxStatus } from '../../platform/database/schema.js';

/**
 * Locks the conversation row until commit on PostgreSQL, so two replies (or a reply and the
 * ingest pipeline absorbing the conversation) are decided one after the other. SQLite's
 * BEGIN IMMEDIATE already serialises writers.
 */
export async function lockConversation(
  db: Kysely<Database>,
  dialect: DialectName,
  organisationId: number,
  conversationId: number,
) {
  let query = db
    .selectFrom('conversations as c')
    .innerJoin('channel_accounts as ca', 'ca.id', 'c.channel_account_id')
    .select(['c.id', 'c.channel_account_id', 'ca.channel', 'ca.handle', 'ca.settings'])
    .where('c.organisation_id', '=', organisationId)
    .where('c.id', '=', conversationId);
  if (dialect === 'postgres') query = query.forUpdate('c');
  return query.executeTakeFirst();
}

/** The newest public reply after `afterMessageId`, if any: someone answered meanwhile. */
export async function findNewerReply(
  db: Kysely<Database>,
  conversationId: number,
  afterMessageId: number,
) {
  return db
    .selectFrom('messages')
    .select(['id', 'author_name', 'author_user_id', 'created_at'])
    .where('conversation_id', '=', conversationId)
    .where('direction', '=', 'outbound')
    .where('is_private_note', '=', 0)
    .where('id', '>', afterMessageId)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The customer message a reply answers: the latest inbound one, for threading on the channel. */
export async function findLastInbound(db: Kysely<Database>, conversationId: number) {
  return db
    .selectFrom('messages')
    .select(['id', 'external_id', 'author_handle'])
    .where('conversation_id', '=', conversationId)
    .where('direction', '=', 'inbound')
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function insertOutboxEntry(
  db: Kysely<Database>,
  row: {
    organisation_id: number;
    conversation_id: number;
    message_id: number;
    channel: string;
    channel_account_id: number;
    recipient_handle: string | null;
    status: OutboxStatus;
    idempotency_key: string;
    now: number;
  },
) {
  const { now, ...values } = row;
  return db
    .insertInto('outbox')
    .values({ ...values, attempts: 0, last_error: null, created_at: now, updated_at: now })
    .returning(['id', 'message_id', 'status', 'attempts', 'last_error', 'updated_at'])
    .executeTakeFirstOrThrow();
}

export async function listDeliveries(
  db: Kysely<Database>,
  organisationId: number,
  conversationId: number,
) {
  return db
    .selectFrom('outbox')
    .select(['id', 'message_id', 'status', 'attempts', 'last_error', 'updated_at'])
    .where('organisation_id', '=', organisationId)
    .where('conversation_id', '=', conversationId)
    .orderBy('id')
    .execute();
}
