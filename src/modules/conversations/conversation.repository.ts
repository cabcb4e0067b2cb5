import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../../platform/database/connection.js';
import type { ConversationStatus, Database, Priority } from '../../platform/database/schema.js';
import { scopeOnly } from '../../platform/database/scope-column.js';

export interface ConversationFilter {
  status?: ConversationStatus;
  teamId?: number;
  /** Only conversations of the teams this user is a member of. */
  memberUserId?: number;
  assigneeId?: number;
  unassigned?: boolean;
  channelAccountId?: number;
  contactId?: number;
  text?: string;
  priority?: Priority;
  labelId?: number;
  /** By the latest customer message: its sentiment, and whether it reads angry (see below). */
  sentiment?: SentimentLabel;
  angry?: boolean;
  /** Conversations whose next SLA clock is due before this instant (overdue included). */
  slaDueBefore?: number;
  /** last_activity pages by keyset; the other orders page by offset. */
  sort?: ConversationSort;
  offset?: number;
  /** Keyset cursor: rows strictly after this (last_message_at, id) in descending order. */
  after?: { lastMessageAt: number; id: number };
  limit: number;
}

type ConversationSort = 'last_activity' | 'priority' | 'waiting' | 'sla_due';
export type SentimentLabel = 'negative' | 'neutral' | 'positive';

/**
 * A message reads angry as the inbox badge shows it: an agent's correction when there is one,
 * else the anger model's probability at 0.5 or more.
 */
export const angryProbability = 0.5;

const conversationColumns = [
  'c.id',
  'c.status',
  'c.priority',
  'c.priority_reason',
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
  'sla.policy_id as sla_policy_id',
  'sla.first_response_due_at as sla_first_response_due_at',
  'sla.first_response_breached_at as sla_first_response_breached_at',
  'sla.next_due_at as sla_next_due_at',
  'sla.paused as sla_paused',
  'bp.earlier_conversation_id as bypass_earlier_conversation_id',
  'bp.earlier_channel as bypass_earlier_channel',
  'bp.earlier_age_ms as bypass_earlier_age_ms',
] as const;

/**
 * The conversations of `organisationId` with everything a list row and the detail show. Callers
 * pick rows by id: the organisation is matched with a unary plus, which keeps the planner on the
 * primary key (SQLite otherwise walked the organisation's activity index and tested every
 * conversation against the page's ids: 1.5 ms a page at 10,000 conversations, growing with them).
 */
function baseQuery(db: Kysely<Database>, organisationId: number) {
  return (
    db
      .selectFrom('conversations as c')
      .innerJoin('channel_accounts as ca', 'ca.id', 'c.channel_account_id')
      .leftJoin('teams as t', 't.id', 'c.team_id')
      .leftJoin('users as u', 'u.id', 'c.assignee_id')
      .leftJoin('contacts as ct', 'ct.id', 'c.contact_id')
      .leftJoin('conversation_sla as sla', 'sla.conversation_id', 'c.id')
      // Social bypass (modules/bypass): the badge and the link to the one left unresolved.
      .leftJoin('conversation_bypasses as bp', 'bp.conversation_id', 'c.id')
      .select(conversationColumns)
      .select((eb) =>
        // The customer is waiting when their last message is newer than the last public reply.
        eb
          .selectFrom('messages as om')
          .select((inner) => inner.fn.max<number | null>('om.created_at').as('at'))
          .whereRef('om.conversation_id', '=', 'c.id')
          .where('om.direction', '=', 'outbound')
          .where('om.is_private_note', '=', 0)
          .as('last_outbound_at'),
      )
      .select((eb) =>
        eb
          .selectFrom('messages as pm')
          .select('pm.text')
          .whereRef('pm.conversation_id', '=', 'c.id')
          .where('pm.is_private_note', '=', 0)
          .orderBy('pm.created_at', 'desc')
          .orderBy('pm.id', 'desc')
          .limit(1)
          .as('preview'),
      )
      .where(sql<boolean>`+c.organisation_id = ${organisationId}`)
  );
}

/** The ids of a page of the list: filters and order touch the conversation and its SLA only. */
function pageQuery(db: Kysely<Database>, organisationId: number) {
  return db
    .selectFrom('conversations as c')
    .leftJoin('conversation_sla as sla', 'sla.conversation_id', 'c.id')
    .select('c.id')
    .where('c.organisation_id', '=', organisationId);
}

/**
 * The id of the latest public customer message of the conversation `c` in the outer query: the
 * message the inbox's mood filters and the list's mood marker read.
 */
function latestCustomerMessageId(db: Kysely<Database>) {
  return db
    .selectFrom('messages as im')
    .select('im.id')
    .where('im.conversation_id', '=', sql.ref<number>('c.id'))
    .where('im.direction', '=', 'inbound')
    .where('im.is_private_note', '=', 0)
    .orderBy('im.created_at', 'desc')
    .orderBy('im.id', 'desc')
    .limit(1);
}

/**
 * The latest customer message of each conversation in `ids` with its classification and the
 * agents' corrections of it, in one query for a whole page of the list.
 */
export async function listLatestCustomerMessages(db: Kysely<Database>, ids: number[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('conversations as c')
    .innerJoin('messages as lm', (join) => join.on('lm.id', '=', latestCustomerMessageId(db)))
    .leftJoin('classification_corrections as sc', (join) =>
      join.onRef('sc.message_id', '=', 'lm.id').on('sc.task', '=', 'sentiment'),
    )
    .leftJoin('classification_corrections as ac', (join) =>
      join.onRef('ac.message_id', '=', 'lm.id').on('ac.task', '=', 'anger'),
    )
    .select([
      'c.id as conversation_id',
      'lm.id',
      'lm.direction',
      'lm.is_private_note',
      'lm.created_at',
      'lm.sentiment',
      'lm.sentiment_score',
      'lm.anger_score',
      'sc.label as sentiment_correction',
      'ac.label as anger_correction',
    ])
    .where('c.id', 'in', ids)
    .execute();
}

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
  let query = pageQuery(db, organisationId);
  if (filter.status) query = query.where('c.status', '=', filter.status);
  if (filter.teamId !== undefined) query = query.where('c.team_id', '=', filter.teamId);
  if (filter.memberUserId !== undefined) {
    const userId = filter.memberUserId;
    query = query.where('c.team_id', 'in', (eb) =>
      eb
        .selectFrom('team_members as tm')
        .select('tm.team_id')
        .where('tm.organisation_id', '=', organisationId)
        .where('tm.user_id', '=', userId),
    );
  }
  if (filter.assigneeId !== undefined) query = query.where('c.assignee_id', '=', filter.assigneeId);
  if (filter.unassigned) query = query.where('c.assignee_id', 'is', null);
  if (filter.channelAccountId !== undefined) {
    query = query.where('c.channel_account_id', '=', filter.channelAccountId);
  }
  if (filter.contactId !== undefined) query = query.where('c.contact_id', '=', filter.contactId);
  if (filter.slaDueBefore !== undefined) {
    query = query.where('sla.next_due_at', '<=', filter.slaDueBefore);
  }
  if (filter.priority) query = query.where('c.priority', '=', filter.priority);
  if (filter.labelId !== undefined) {
    const labelId = filter.labelId;
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('conversation_labels as cl')
          .select(sql`1`.as('one'))
          .whereRef('cl.conversation_id', '=', 'c.id')
          .where('cl.label_id', '=', labelId),
      ),
    );
  }
  if (filter.sentiment !== undefined || filter.angry !== undefined) {
    query = query.where(({ exists, selectFrom }) => {
      // The latest customer message, with the agents' corrections of it, which win.
      let latest = selectFrom('messages as lm')
        .leftJoin('classification_corrections as sc', (join) =>
          join.onRef('sc.message_id', '=', 'lm.id').on('sc.task', '=', 'sentiment'),
        )
        .leftJoin('classification_corrections as ac', (join) =>
          join.onRef('ac.message_id', '=', 'lm.id').on('ac.task', '=', 'anger'),
        )
        .select(sql`1`.as('one'))
        .where('lm.id', '=', latestCustomerMessageId(db));
      if (filter.sentiment !== undefined) {
        latest = latest.where(sql`coalesce(sc.label, lm.sentiment)`, '=', filter.sentiment);
      }
      if (filter.angry !== undefined) {
        const angry = sql<boolean>`(case when ac.label is not null then ac.label = 'anger'
          else coalesce(lm.anger_score, 0) >= ${angryProbability} end)`;
        latest = latest.where(filter.angry ? angry : sql<boolean>`not ${angry}`);
      }
      return exists(latest);
    });
  }
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
  if (filter.sort === 'priority') {
    const page = query
      .orderBy(
        sql`case c.priority when 'urgent' then 0 when 'high' then 1 when 'normal' then 2 else 3 end`,
      )
      .orderBy('c.last_message_at', 'desc')
      .orderBy('c.id', 'desc')
      .limit(filter.limit)
      .offset(filter.offset ?? 0);
    return pageRows(db, organisationId, await page.execute());
  }
  if (filter.sort === 'sla_due') {
    const page = query
      .orderBy(sql`case when sla.next_due_at is null then 1 else 0 end`)
      .orderBy('sla.next_due_at', 'asc')
      .orderBy('c.id', 'asc')
      .limit(filter.limit)
      .offset(filter.offset ?? 0);
    return pageRows(db, organisationId, await page.execute());
  }
  if (filter.sort === 'waiting') {
    // Longest-waiting customers first; conversations answered last come after.
    const page = query
      .orderBy(
        sql`case when c.last_inbound_at > coalesce((select max(w.created_at) from messages w
          where w.conversation_id = c.id and w.direction = 'outbound' and w.is_private_note = 0), 0)
          then 0 else 1 end`,
      )
      .orderBy('c.last_inbound_at', 'asc')
      .orderBy('c.id', 'asc')
      .limit(filter.limit)
      .offset(filter.offset ?? 0);
    return pageRows(db, organisationId, await page.execute());
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
  const page = query
    .orderBy('c.last_message_at', 'desc')
    .orderBy('c.id', 'desc')
    .limit(filter.limit);
  return pageRows(db, organisationId, await page.execute());
}

/**
 * The page's conversations with their columns, joins and per-conversation subqueries (last
 * reply, preview), in the page's order. Asked apart from the page's ids so that the subqueries
 * run for the page's rows only: in one query, a sort that needs a temporary b-tree (priority,
 * waiting, sla_due) made SQLite compute them for every open conversation before sorting, 140 ms
 * of a request at 10,000 open conversations.
 */
async function pageRows(db: Kysely<Database>, organisationId: number, page: { id: number }[]) {
  if (page.length === 0) return [];
  const rows = await baseQuery(db, organisationId)
    .where(
      'c.id',
      'in',
      page.map((row) => row.id),
    )
    .execute();
  const byId = new Map(rows.map((row) => [row.id, row]));
  return page.flatMap((row) => byId.get(row.id) ?? []);
}

/**
 * The messages (notes included, as the search reads them) of the conversations in `ids` that hold
 * `text`, newest first, matched as the list's search matches: the latest is the result's snippet.
 */
export async function listSearchMatches(
  db: Kysely<Database>,
  dialect: DialectName,
  ids: number[],
  text: string,
) {
  if (ids.length === 0) return [];
  const operator = dialect === 'postgres' ? sql`ilike` : sql`like`;
  return db
    .selectFrom('messages as m')
    .select(['m.conversation_id', 'm.id', 'm.text', 'm.is_private_note'])
    .where('m.conversation_id', 'in', ids)
    .where(sql<boolean>`m.text ${operator} ${likePattern(text)} escape '\\'`)
    .orderBy('m.created_at', 'desc')
    .orderBy('m.id', 'desc')
    .execute();
}

/** Labels of each conversation in `ids`, for the list and the detail. */
export async function listLabelsOfConversations(db: Kysely<Database>, ids: number[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('conversation_labels as cl')
    .innerJoin('labels as l', 'l.id', 'cl.label_id')
    .select(['cl.conversation_id', 'l.id', 'l.name', 'l.colour'])
    .where('cl.conversation_id', 'in', ids)
    .orderBy('l.name')
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
      'sentiment',
      'sentiment_score',
      'anger_score',
      'complaint_score',
      'intent',
      'intent_score',
      'language',
      'churn_risk',
      'classifier_version',
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

const priorityRank = { low: 0, normal: 1, high: 2, urgent: 3 } as const;

/**
 * Raises conversations to `priority` with a reason the agent sees, never lowering one that an
 * agent or an earlier rule already put higher. Returns the ids that changed.
 */
export async function raiseConversationPriority(
  db: Kysely<Database>,
  organisationId: number,
  raises: { id: number; priority: Priority; reason: string }[],
  now: number,
): Promise<{ id: number; from: Priority; to: Priority; reason: string }[]> {
  if (raises.length === 0) return [];
  const current = await db
    .selectFrom('conversations')
    .select(['id', 'priority'])
    .where(scopeOnly('organisation_id'), '=', organisationId)
    .where(
      'id',
      'in',
      raises.map((raise) => raise.id),
    )
    .execute();
  const before = new Map(current.map((row) => [row.id, row.priority]));
  const changed: { id: number; from: Priority; to: Priority; reason: string }[] = [];
  for (const raise of raises) {
    const from = before.get(raise.id);
    if (!from || priorityRank[from] >= priorityRank[raise.priority]) continue;
    await db
      .updateTable('conversations')
      .set({ priority: raise.priority, priority_reason: raise.reason, updated_at: now })
      .where('id', '=', raise.id)
      .execute();
    before.set(raise.id, raise.priority);
    changed.push({ id: raise.id, from, to: raise.priority, reason: raise.reason });
  }
  return changed;
}

/**
 * Who said each message, where and when: what another module needs to point at a message
 * (the ledger's feedback items) without copying it. Only inbound, non-note messages of the
 * organisation are returned.
 */
export async function findCustomerMessageOrigins(
  db: Kysely<Database>,
  organisationId: number,
  messageIds: readonly number[],
) {
  if (messageIds.length === 0) return [];
  return db
    .selectFrom('messages as m')
    .innerJoin('conversations as c', 'c.id', 'm.conversation_id')
    .select([
      'm.id',
      'm.conversation_id',
      'm.author_contact_id',
      'm.channel',
      'm.created_at',
      'c.team_id',
      'c.contact_id',
    ])
    .where('m.organisation_id', '=', organisationId)
    .where('m.id', 'in', messageIds)
    .where('m.direction', '=', 'inbound')
    .execute();
}

/** The text of messages by id (organisation-scoped), read when shown rather than copied. */
export async function findMessageTexts(
  db: Kysely<Database>,
  organisationId: number,
  messageIds: readonly number[],
): Promise<Map<number, string>> {
  if (messageIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('messages')
    .select(['id', 'text'])
    .where('organisation_id', '=', organisationId)
    .where('id', 'in', messageIds)
    .execute();
  return new Map(rows.map((row) => [row.id, row.text]));
}
