import type { Kysely, Selectable } from 'kysely';
import { chunksOf } from '../../platform/database/chunks.js';
import type {
  ConversationSlaTable,
  ConversationStatus,
  Database,
  Priority,
} from '../../platform/database/schema.js';
import { scopeOnly } from '../../platform/database/scope-column.js';
import type { StatusChange, TimelineMessage } from './sla-clock.js';

/** SQL the SLA engine needs: the inputs of the clocks, and their stored state. */

export interface ConversationInput {
  id: number;
  channelAccountId: number;
  teamId: number | null;
  assigneeId: number | null;
  priority: Priority;
  status: ConversationStatus;
  tier: string | null;
}

export async function loadConversationInputs(
  db: Kysely<Database>,
  organisationId: number,
  ids: number[],
): Promise<ConversationInput[]> {
  const result: ConversationInput[] = [];
  for (const chunk of chunksOf(ids)) {
    const rows = await db
      .selectFrom('conversations as c')
      .leftJoin('contacts as ct', 'ct.id', 'c.contact_id')
      .select([
        'c.id',
        'c.channel_account_id',
        'c.team_id',
        'c.assignee_id',
        'c.priority',
        'c.status',
        'ct.tier',
      ])
      .where(scopeOnly('c.organisation_id'), '=', organisationId)
      .where('c.id', 'in', chunk)
      .execute();
    for (const row of rows) {
      result.push({
        id: row.id,
        channelAccountId: row.channel_account_id,
        teamId: row.team_id,
        assigneeId: row.assignee_id,
        priority: row.priority,
        status: row.status,
        tier: row.tier ?? null,
      });
    }
  }
  return result;
}

/**
 * The messages that move clocks: customer messages and the organisation's replies, without
 * internal notes and without replies by bot accounts.
 */
export async function loadTimelines(
  db: Kysely<Database>,
  ids: number[],
): Promise<Map<number, TimelineMessage[]>> {
  const result = new Map<number, TimelineMessage[]>();
  for (const chunk of chunksOf(ids)) {
    const rows = await db
      .selectFrom('messages as m')
      .leftJoin('users as u', 'u.id', 'm.author_user_id')
      .select(['m.conversation_id', 'm.created_at', 'm.direction', 'u.is_bot'])
      .where('m.conversation_id', 'in', chunk)
      .where('m.is_private_note', '=', 0)
      .execute();
    for (const row of rows) {
      if (row.direction === 'outbound' && Number(row.is_bot ?? 0) === 1) continue;
      const list = result.get(row.conversation_id) ?? [];
      list.push({ at: row.created_at, direction: row.direction });
      result.set(row.conversation_id, list);
    }
  }
  return result;
}

/** Status history from conversation_events: the status at creation, then every change. */
export async function loadStatusChanges(
  db: Kysely<Database>,
  ids: number[],
): Promise<Map<number, StatusChange[]>> {
  const result = new Map<number, StatusChange[]>();
  for (const chunk of chunksOf(ids)) {
    const rows = await db
      .selectFrom('conversation_events')
      .select(['conversation_id', 'type', 'data', 'occurred_at'])
      .where('conversation_id', 'in', chunk)
      .where('type', 'in', ['created', 'status_changed'])
      .orderBy('occurred_at')
      .orderBy('id')
      .execute();
    for (const row of rows) {
      const data = JSON.parse(row.data) as { status?: ConversationStatus; to?: ConversationStatus };
      const status = row.type === 'created' ? data.status : data.to;
      if (!status) continue;
      const list = result.get(row.conversation_id) ?? [];
      list.push({ at: row.occurred_at, status });
      result.set(row.conversation_id, list);
    }
  }
  return result;
}

export type SlaRow = Selectable<ConversationSlaTable>;

export async function loadSlaRows(
  db: Kysely<Database>,
  ids: number[],
): Promise<Map<number, SlaRow>> {
  const result = new Map<number, SlaRow>();
  for (const chunk of chunksOf(ids)) {
    const rows = await db
      .selectFrom('conversation_sla')
      .selectAll()
      .where('conversation_id', 'in', chunk)
      .execute();
    for (const row of rows) result.set(row.conversation_id, row);
  }
  return result;
}

export async function saveSlaRow(db: Kysely<Database>, row: SlaRow): Promise<void> {
  const { conversation_id: _id, ...values } = row;
  await db
    .insertInto('conversation_sla')
    .values(row)
    .onConflict((conflict) => conflict.column('conversation_id').doUpdateSet(values))
    .execute();
}

export async function deleteSlaRows(db: Kysely<Database>, ids: number[]): Promise<void> {
  for (const chunk of chunksOf(ids)) {
    await db.deleteFrom('conversation_sla').where('conversation_id', 'in', chunk).execute();
  }
}

export async function findSlaRow(db: Kysely<Database>, organisationId: number, id: number) {
  return db
    .selectFrom('conversation_sla')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('conversation_id', '=', id)
    .executeTakeFirst();
}

/** Ids of the organisation's conversations that are not resolved. */
export async function listUnresolved(
  db: Kysely<Database>,
  organisationId: number,
): Promise<number[]> {
  const rows = await db
    .selectFrom('conversations')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('status', '!=', 'resolved')
    .execute();
  return rows.map((row) => row.id);
}

export interface EscalationChanges {
  priority?: Priority;
  team_id?: number;
  assignee_id?: null;
}

/** Writes an escalation's changes to the conversation. */
export async function updateEscalatedConversation(
  db: Kysely<Database>,
  organisationId: number,
  conversationId: number,
  changes: EscalationChanges,
  now: number,
): Promise<void> {
  await db
    .updateTable('conversations')
    .set({ ...changes, updated_at: now })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', conversationId)
    .execute();
}

/** Ids of a team's conversations that are not resolved (their clocks may still run). */
export async function listUnresolvedOfTeam(
  db: Kysely<Database>,
  organisationId: number,
  teamId: number,
): Promise<number[]> {
  const rows = await db
    .selectFrom('conversations')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('team_id', '=', teamId)
    .where('status', '!=', 'resolved')
    .execute();
  return rows.map((row) => row.id);
}

export interface NewNotification {
  organisationId: number;
  recipientUserId: number;
  type: string;
  conversationId: number;
  data: Record<string, unknown>;
  createdAt: number;
}

export async function insertNotifications(
  db: Kysely<Database>,
  notifications: NewNotification[],
): Promise<void> {
  if (notifications.length === 0) return;
  await db
    .insertInto('notifications')
    .values(
      notifications.map((notification) => ({
        organisation_id: notification.organisationId,
        recipient_user_id: notification.recipientUserId,
        type: notification.type,
        conversation_id: notification.conversationId,
        data: JSON.stringify(notification.data),
        created_at: notification.createdAt,
        read_at: null,
      })),
    )
    .execute();
}

export type NotificationRow = Awaited<ReturnType<typeof listNotifications>>[number];

export async function listNotifications(db: Kysely<Database>, userId: number, limit: number) {
  return db
    .selectFrom('notifications')
    .selectAll()
    .where('recipient_user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}
