import type { Kysely } from 'kysely';
import { chunksOf } from '../../platform/database/chunks.js';
import type { Database } from '../../platform/database/schema.js';

type Db = Kysely<Database>;

export interface OpenConversation {
  id: number;
  contact_id: number;
  channel: string;
  first_message_at: number;
}

/** The contacts' conversations that are not resolved, oldest first, with their channel kind. */
export async function findUnresolvedConversations(
  db: Db,
  organisationId: number,
  contactIds: number[],
): Promise<OpenConversation[]> {
  const result: OpenConversation[] = [];
  for (const chunk of chunksOf(contactIds)) {
    const rows = await db
      .selectFrom('conversations as c')
      .innerJoin('channel_accounts as ca', 'ca.id', 'c.channel_account_id')
      .select(['c.id', 'c.contact_id', 'ca.channel', 'c.first_message_at'])
      .where('c.organisation_id', '=', organisationId)
      .where('c.contact_id', 'in', chunk)
      .where('c.status', '!=', 'resolved')
      .orderBy('c.first_message_at')
      .orderBy('c.id')
      .execute();
    for (const row of rows) {
      if (row.contact_id !== null) result.push({ ...row, contact_id: row.contact_id });
    }
  }
  return result;
}

export interface BypassRow {
  conversation_id: number;
  organisation_id: number;
  contact_id: number;
  channel: string;
  earlier_conversation_id: number;
  earlier_channel: string;
  earlier_age_ms: number;
  flagged_at: number;
}

export async function insertBypasses(db: Db, rows: BypassRow[]): Promise<void> {
  for (const chunk of chunksOf(rows)) {
    await db.insertInto('conversation_bypasses').values(chunk).execute();
  }
}

/** The bypass records of these conversations (for the inbox), keyed by conversation id. */
export async function findBypasses(
  db: Db,
  organisationId: number,
  conversationIds: number[],
): Promise<BypassRow[]> {
  const result: BypassRow[] = [];
  for (const chunk of chunksOf(conversationIds)) {
    result.push(
      ...(await db
        .selectFrom('conversation_bypasses')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .where('conversation_id', 'in', chunk)
        .execute()),
    );
  }
  return result;
}

/**
 * Conversations started on the given channel kinds in [from, to), with their team and whether
 * they were flagged (and from which channel): the rows the bypass report counts.
 */
export async function socialConversationsBetween(
  db: Db,
  organisationId: number,
  channels: string[],
  from: number,
  to: number,
) {
  if (channels.length === 0) return [];
  return db
    .selectFrom('conversations as c')
    .innerJoin('channel_accounts as ca', 'ca.id', 'c.channel_account_id')
    .leftJoin('teams as t', 't.id', 'c.team_id')
    .leftJoin('conversation_bypasses as b', 'b.conversation_id', 'c.id')
    .select([
      'c.id',
      'c.first_message_at',
      'ca.channel',
      'c.team_id',
      't.name as team_name',
      'b.earlier_channel',
    ])
    .where('c.organisation_id', '=', organisationId)
    .where('ca.channel', 'in', channels)
    .where('c.first_message_at', '>=', from)
    .where('c.first_message_at', '<', to)
    .execute();
}
