import { type Kysely, sql } from 'kysely';
import { chunksOf } from '../../platform/database/chunks.js';
import type { Database } from '../../platform/database/schema.js';
import { scopeOnly } from '../../platform/database/scope-column.js';

/**
 * SQL the ingest pipeline needs to thread and store a batch of messages. Kept apart from the read
 * queries of the inbox (conversation.repository.ts) because it is the hot path and is written
 * set-at-a-time.
 */

export interface StoredMessageRef {
  external_id: string;
  conversation_id: number;
}

export async function findMessagesByExternalId(
  db: Kysely<Database>,
  organisationId: number,
  channel: string,
  externalIds: string[],
): Promise<StoredMessageRef[]> {
  const result: StoredMessageRef[] = [];
  for (const chunk of chunksOf(externalIds)) {
    const rows = await db
      .selectFrom('messages')
      .select(['external_id', 'conversation_id'])
      .where('organisation_id', '=', organisationId)
      .where('channel', '=', channel)
      .where('external_id', 'in', chunk)
      .execute();
    for (const row of rows) {
      if (row.external_id !== null) {
        result.push({ external_id: row.external_id, conversation_id: row.conversation_id });
      }
    }
  }
  return result;
}

export interface WaitingReply {
  in_reply_to_external_id: string;
  conversation_id: number;
}

/** Stored messages that reply to one of `externalIds`: replies that arrived before their parent. */
export async function findRepliesTo(
  db: Kysely<Database>,
  organisationId: number,
  channel: string,
  externalIds: string[],
): Promise<WaitingReply[]> {
  const result: WaitingReply[] = [];
  for (const chunk of chunksOf(externalIds)) {
    const rows = await db
      .selectFrom('messages')
      .select(['in_reply_to_external_id', 'conversation_id'])
      .where('organisation_id', '=', organisationId)
      .where('channel', '=', channel)
      .where('in_reply_to_external_id', 'in', chunk)
      .execute();
    for (const row of rows) {
      if (row.in_reply_to_external_id !== null) {
        result.push({
          in_reply_to_external_id: row.in_reply_to_external_id,
          conversation_id: row.conversation_id,
        });
      }
    }
  }
  return result;
}

export interface NewConversationRow {
  id: number;
  organisation_id: number;
  channel_account_id: number;
  contact_id: number | null;
  team_id: number | null;
  status: 'open' | 'pending' | 'snoozed' | 'resolved';
  priority: 'low' | 'normal' | 'high' | 'urgent';
  message_count: number;
  first_message_at: number;
  last_message_at: number;
  last_inbound_at: number | null;
  created_at: number;
  updated_at: number;
}

export async function insertConversations(db: Kysely<Database>, rows: NewConversationRow[]) {
  for (const chunk of chunksOf(rows)) {
    await db
      .insertInto('conversations')
      .values(chunk.map((row) => ({ ...row, assignee_id: null, snoozed_until: null })))
      .execute();
  }
}

export interface NewMessageRow {
  id: number;
  organisation_id: number;
  conversation_id: number;
  channel: string;
  external_id: string | null;
  in_reply_to_external_id: string | null;
  direction: 'inbound' | 'outbound';
  author_contact_id: number | null;
  author_user_id: number | null;
  author_handle: string | null;
  author_name: string | null;
  text: string;
  is_private_note: number;
  created_at: number;
  received_at: number;
  inbound_event_id: number | null;
  raw: string | null;
  sentiment?: string | null;
  sentiment_score?: number | null;
  anger_score?: number | null;
  complaint_score?: number | null;
  intent?: string | null;
  intent_score?: number | null;
  language?: string | null;
  churn_risk?: string | null;
  classifier_version?: string | null;
}

export async function insertMessages(db: Kysely<Database>, rows: NewMessageRow[]) {
  // 17 columns a row: 100 rows stay far below SQLite's bound-parameter limit.
  for (const chunk of chunksOf(rows, 100)) {
    await db.insertInto('messages').values(chunk).execute();
  }
}

/** Moves the messages of absorbed conversations into `intoId` and deletes the absorbed ones. */
export async function absorbConversations(
  db: Kysely<Database>,
  organisationId: number,
  intoId: number,
  absorbedIds: number[],
): Promise<void> {
  if (absorbedIds.length === 0) return;
  await db
    .updateTable('messages')
    .set({ conversation_id: intoId })
    .where(scopeOnly('organisation_id'), '=', organisationId)
    .where('conversation_id', 'in', absorbedIds)
    .execute();
  await db
    .deleteFrom('conversations')
    .where(scopeOnly('organisation_id'), '=', organisationId)
    .where('id', 'in', absorbedIds)
    .execute();
}

export async function findConversationStates(
  db: Kysely<Database>,
  organisationId: number,
  ids: number[],
): Promise<{ id: number; status: string }[]> {
  const result: { id: number; status: string }[] = [];
  for (const chunk of chunksOf(ids)) {
    result.push(
      ...(await db
        .selectFrom('conversations')
        .select(['id', 'status'])
        .where(scopeOnly('organisation_id'), '=', organisationId)
        .where('id', 'in', chunk)
        .execute()),
    );
  }
  return result;
}

/**
 * Recomputes counters and times of conversations from their messages (after appending or
 * absorbing), fills in the contact from the first customer message when it was unknown, and
 * reopens the ones in `reopenIds`. Returns the ids that were actually reopened.
 */
export async function refreshConversations(
  db: Kysely<Database>,
  organisationId: number,
  ids: number[],
  reopenIds: Set<number>,
  now: number,
): Promise<number[]> {
  const reopened: number[] = [];
  for (const chunk of chunksOf(ids)) {
    await db
      .updateTable('conversations')
      .set({
        message_count: sql`(select count(*) from messages m where m.conversation_id = conversations.id)`,
        first_message_at: sql`(select min(m.created_at) from messages m where m.conversation_id = conversations.id)`,
        last_message_at: sql`(select max(m.created_at) from messages m where m.conversation_id = conversations.id)`,
        last_inbound_at: sql`(select max(m.created_at) from messages m where m.conversation_id = conversations.id and m.direction = 'inbound')`,
        contact_id: sql`coalesce(contact_id, (select m.author_contact_id from messages m where m.conversation_id = conversations.id and m.direction = 'inbound' order by m.created_at, m.id limit 1))`,
        updated_at: now,
      })
      .where(scopeOnly('organisation_id'), '=', organisationId)
      .where('id', 'in', chunk)
      .execute();
    const reopen = chunk.filter((id) => reopenIds.has(id));
    if (reopen.length > 0) {
      const rows = await db
        .updateTable('conversations')
        .set({ status: 'open', snoozed_until: null })
        .where(scopeOnly('organisation_id'), '=', organisationId)
        .where('id', 'in', reopen)
        .where('status', '!=', 'open')
        .returning('id')
        .execute();
      reopened.push(...rows.map((row) => row.id));
    }
  }
  return reopened;
}

/**
 * Of `conversationIds`, those where `authorHandle` wrote before (an inbound message of theirs):
 * a channel adapter threads a reply into a conversation only when its author is part of it, so
 * two people answering the same message never end up in one conversation.
 */
export async function conversationsWithAuthor(
  db: Kysely<Database>,
  organisationId: number,
  conversationIds: number[],
  authorHandle: string,
): Promise<Set<number>> {
  if (conversationIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('messages')
    .select('conversation_id')
    .distinct()
    .where('organisation_id', '=', organisationId)
    .where('conversation_id', 'in', conversationIds)
    .where('direction', '=', 'inbound')
    .where('author_handle', '=', authorHandle)
    .execute();
  return new Set(rows.map((row) => row.conversation_id));
}
