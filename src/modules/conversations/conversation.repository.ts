import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../../platform/database/connection.js';
import type { ConversationStatus, Database, Priority } from '../../platform/database/schema.js';

export interface ConversationFilter {
  status?: ConversationStatus;
  teamId?: number;
  assigneeId?: number;
  unassigned?: boolean;
  channelAccountId?: number;
  contactId?: number;
  text?: string;
  /** Keyset cursor: rows strictly after this (last_message_at, id) in descending order. */
  after?: { lastMessageAt: number; id: number };
  limit: number;
}

const conversationColumns = [
  'c.id',
  'c.status',
  'c.priority',
  'c.message_count',
  'c.first_message_at',
  'c.last_message_at',
  'c.last_inbound_at',
  'c.snoozed_until',
  'c.created_at',
  'c.updated_at',
  'c.team_id',
  'c.assignee_id',
  'c.contact_id',
  'c.channel_account_id',
  'ca.channel',
  'ca.handle as channel_account_handle',
  't.name as team_name',
  'u.name as assignee_name',
  'ct.name as contact_name',
] as const;

function baseQuery(db: Kysely<Database>, organisationId: number) {
  return db
    .selectFrom('conversations as c')
    .innerJoin('channel_accounts as ca', 'ca.id', 'c.channel_account_id')
    .leftJoin('teams as t', 't.id', 'c.team_id')
    .leftJoin('users as u', 'u.id', 'c.assignee_id')
    .leftJoin('contacts as ct', 'ct.id', 'c.contact_id')
    .select(conversationColumns)
    .where('c.organisation_id', '=', organisationId);
}

export type ConversationRow = Awaited<ReturnType<typeof findConversation>> & object;

/** Escapes LIKE wildcards so a search for `50%` means the text "50%". */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

export async function listConversations(
  db: Kysely<Database>,
  dialect: DialectName,
  organisationId: number,
  filter: ConversationFilter,
) {
  let query = baseQuery(db, organisationId);
  if (filter.status) query = query.where('c.status', '=', filter.status);
  if (filter.teamId !== undefined) query = query.where('c.team_id', '=', filter.teamId);
  if (filter.assigneeId !== undefined) query = query.where('c.assignee_id', '=', filter.assigneeId);
  if (filter.unassigned) query = query.where('c.assignee_id', 'is', null);
  if (filter.channelAccountId !== undefined) {
    query = query.where('c.channel_account_id', '=', filter.channelAccountId);
  }
  if (filter.contactId !== undefined) query = query.where('c.contact_id', '=', filter.contactId);
  if (filter.text) {
    const pattern = likePattern(filter.text);
    const operator = dialect === 'postgres' ? sql`ilike` : sql`like`;
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('messages as m')
          .select(sql`1`.as('one'))
          .whereRef('m.conversation_id', '=', 'c.id')
          .where(sql<boolean>`m.text ${operator} ${pattern} escape '\\'`),
      ),
    );
  }
  if (filter.after) {
    const { lastMessageAt, id } = filter.after;
    query = query.where((eb) =>
      eb.or([
        eb('c.last_message_at', '<', lastMessageAt),
        eb.and([eb('c.last_message_at', '=', lastMessageAt), eb('c.id', '<', id)]),
      ]),
    );
  }
  return query
    .orderBy('c.last_message_at', 'desc')
    .orderBy('c.id', 'desc')
    .limit(filter.limit)
    .execute();
}

export async function findConversation(db: Kysely<Database>, organisationId: number, id: number) {
  return baseQuery(db, organisationId).where('c.id', '=', id).executeTakeFirst();
}

export async function listMessages(db: Kysely<Database>, conversationId: number) {
  return db
    .selectFrom('messages')
    .select([
      'id',
      'channel',
      'external_id',
      'in_reply_to_external_id',
      'direction',
      'author_contact_id',
      'author_user_id',
      'author_handle',
      'author_name',
      'text',
      'is_private_note',
      'created_at',
      'received_at',
    ])
    .where('conversation_id', '=', conversationId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function updateConversation(
  db: Kysely<Database>,
  organisationId: number,
  id: number,
  changes: Partial<{
    status: ConversationStatus;
    priority: Priority;
    assignee_id: number | null;
    team_id: number | null;
    snoozed_until: number | null;
  }>,
  now: number,
) {
  await db
    .updateTable('conversations')
    .set({ ...changes, updated_at: now })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .execute();
}

export async function countConversationsWithInbound(db: Kysely<Database>, organisationId: number) {
  const row = await db
    .selectFrom('conversations')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('organisation_id', '=', organisationId)
    .where('last_inbound_at', 'is not', null)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
