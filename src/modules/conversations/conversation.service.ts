import type { Static } from '@sinclair/typebox';
import type { AppContext } from '../../platform/context.js';
import type { ConversationStatus, Priority } from '../../platform/database/schema.js';
import { AppError, notFound } from '../../platform/errors.js';
import { transactWithEvents } from '../../platform/events.js';
import { recordAudit } from '../audit/index.js';
import { actorOf, findUserById, type Principal } from '../auth/index.js';
import { findContact, listIdentities } from '../contacts/index.js';
import { requireTeam } from '../teams/index.js';
import { enqueueConversationChanged } from './conversation.jobs.js';
import {
  type ConversationFilter,
  findConversation,
  listConversations,
  listLabelsOfConversations,
  listLatestCustomerMessages,
  listMessages,
  listSearchMatches,
  updateConversation,
} from './conversation.repository.js';
import type { ListQuerystring } from './conversation.schema.js';
import { recordConversationEvents } from './conversation-event.repository.js';
import { correctionsOfMessages } from './message-corrections.repository.js';
import { sentimentTrajectory, type TrajectoryPoint } from './sentiment-trajectory.js';

interface ListQuery extends Omit<ConversationFilter, 'after' | 'offset'> {
  cursor?: string;
}

function encodeCursor(lastMessageAt: number, id: number): string {
  return Buffer.from(`${lastMessageAt}:${id}`).toString('base64url');
}

function invalidCursor(): AppError {
  return new AppError('validation_failed', 'invalid cursor', [
    { path: 'querystring/cursor', message: 'use the next_cursor of a previous page' },
  ]);
}

/** Orders other than last activity page by offset: their sort keys change too often to key on. */
function decodeOffsetCursor(cursor: string): number {
  const match = /^o:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match) throw invalidCursor();
  return Number(match[1]);
}

/** Attaches each conversation's labels, in one query for the whole page. */
async function withLabels<T extends { id: number }>(context: AppContext, rows: T[]) {
  const labels = await listLabelsOfConversations(
    context.database.db,
    rows.map((row) => row.id),
  );
  return rows.map((row) => ({
    ...row,
    labels: labels
      .filter((label) => label.conversation_id === row.id)
      .map((label) => ({ id: label.id, name: label.name, colour: label.colour })),
  }));
}

/**
 * Attaches the mood of each conversation's latest customer message (the list's mood marker), in
 * one query for the whole page; read by the same rules as the trajectory of the detail.
 */
async function withMoods<T extends { id: number }>(context: AppContext, rows: T[]) {
  const latest = await listLatestCustomerMessages(
    context.database.db,
    rows.map((row) => row.id),
  );
  const moods = new Map<number, TrajectoryPoint>();
  for (const message of latest) {
    const corrections: Record<string, string> = {};
    if (message.sentiment_correction !== null) corrections.sentiment = message.sentiment_correction;
    if (message.anger_correction !== null) corrections.anger = message.anger_correction;
    const [point] = sentimentTrajectory([message], new Map([[message.id, corrections]])).points;
    if (point) moods.set(message.conversation_id, point);
  }
  return rows.map((row) => ({ ...row, latestCustomerMood: moods.get(row.id) ?? null }));
}

/** With a search, the latest message of each row that holds it: where its snippet comes from. */
async function withSearchMatches<T extends { id: number }>(
  context: AppContext,
  rows: T[],
  text: string | undefined,
) {
  const found = text
    ? await listSearchMatches(
        context.database.db,
        context.database.dialect,
        rows.map((row) => row.id),
        text,
      )
    : [];
  const latest = new Map<number, { messageId: number; text: string; privateNote: boolean }>();
  for (const message of found) {
    if (latest.has(message.conversation_id)) continue;
    latest.set(message.conversation_id, {
      messageId: message.id,
      text: message.text,
      privateNote: message.is_private_note === 1,
    });
  }
  return rows.map((row) => ({
    ...row,
    searchMatch: text ? { query: text, message: latest.get(row.id) ?? null } : null,
  }));
}

/** What every row of the list carries besides the conversation itself, a query each per page. */
async function decorate<T extends { id: number }>(
  context: AppContext,
  rows: T[],
  searchText?: string,
) {
  return withSearchMatches(
    context,
    await withMoods(context, await withLabels(context, rows)),
    searchText,
  );
}

function decodeCursor(cursor: string): { lastMessageAt: number; id: number } {
  const match = /^(\d+):(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match) throw invalidCursor();
  return { lastMessageAt: Number(match[1]), id: Number(match[2]) };
}

/** The list's query string as the repository's filter (absent parameters filter nothing). */
function listQueryOf(query: Static<typeof ListQuerystring>, now: number): ListQuery {
  return {
    ...(query.status ? { status: query.status } : {}),
    ...(query.team_id ? { teamId: query.team_id } : {}),
    ...(query.assignee_id ? { assigneeId: query.assignee_id } : {}),
    ...(query.unassigned ? { unassigned: true } : {}),
    ...(query.channel_account_id ? { channelAccountId: query.channel_account_id } : {}),
    ...(query.contact_id ? { contactId: query.contact_id } : {}),
    ...(query.q ? { text: query.q } : {}),
    ...(query.priority ? { priority: query.priority } : {}),
    ...(query.label_id ? { labelId: query.label_id } : {}),
    ...(query.sentiment ? { sentiment: query.sentiment } : {}),
    ...(query.angry !== undefined ? { angry: query.angry } : {}),
    ...(query.sort ? { sort: query.sort } : {}),
    ...(query.sla_due_within_minutes !== undefined
      ? { slaDueBefore: now + query.sla_due_within_minutes * 60_000 }
      : {}),
    ...(query.cursor ? { cursor: query.cursor } : {}),
    limit: query.limit ?? 50,
  };
}

/** `team=mine`: the caller's teams, which only a signed-in user has (a token has none). */
function myTeamsFilter(principal: Principal, team: 'mine' | undefined) {
  if (team === undefined) return {};
  if (principal.userId === null) {
    throw new AppError('validation_failed', 'an API token is in no team', [
      { path: 'querystring/team', message: 'team=mine needs a signed-in user' },
    ]);
  }
  return { memberUserId: principal.userId };
}

/** A page of the inbox for the list's query string, with the cursor of the next page. */
export async function listForPrincipal(
  context: AppContext,
  principal: Principal,
  listQuery: Static<typeof ListQuerystring>,
) {
  const { cursor, ...listed } = listQueryOf(listQuery, Date.now());
  const filter = { ...listed, ...myTeamsFilter(principal, listQuery.team) };
  if (filter.sort && filter.sort !== 'last_activity') {
    const offset = cursor ? decodeOffsetCursor(cursor) : 0;
    const rows = await listConversations(
      context.database.db,
      context.database.dialect,
      principal.organisationId,
      { ...filter, limit: filter.limit + 1, offset },
    );
    const more = rows.length > filter.limit;
    return {
      rows: await decorate(context, rows.slice(0, filter.limit), filter.text),
      nextCursor: more ? Buffer.from(`o:${offset + filter.limit}`).toString('base64url') : null,
    };
  }
  const rows = await listConversations(
    context.database.db,
    context.database.dialect,
    principal.organisationId,
    {
      ...filter,
      limit: filter.limit + 1,
      ...(cursor ? { after: decodeCursor(cursor) } : {}),
    },
  );
  const page = rows.slice(0, filter.limit);
  const last = page[page.length - 1];
  const nextCursor =
    rows.length > filter.limit && last ? encodeCursor(last.last_message_at, last.id) : null;
  return { rows: await decorate(context, page, filter.text), nextCursor };
}

export async function getConversationDetail(context: AppContext, principal: Principal, id: number) {
  const { db } = context.database;
  const conversation = await findConversation(db, principal.organisationId, id);
  if (!conversation) throw notFound('conversation');
  const messages = await listMessages(db, id);
  const corrections = await correctionsOfMessages(
    db,
    messages.map((message) => message.id),
  );
  const contact = conversation.contact_id
    ? await findContact(db, principal.organisationId, conversation.contact_id)
    : undefined;
  const identities = contact ? await listIdentities(db, [contact.id]) : [];
  const [labelled] = await withLabels(context, [conversation]);
  const trajectory = sentimentTrajectory(messages, corrections);
  return {
    conversation: {
      ...(labelled ?? { ...conversation, labels: [] }),
      latestCustomerMood: trajectory.points.at(-1) ?? null,
      searchMatch: null,
    },
    trajectory,
    messages,
    corrections,
    contact: contact ?? null,
    identities,
  };
}

const changeableFields: readonly string[] = ['status', 'priority', 'assignee_id', 'team_id'];
type ChangeableField = keyof ConversationChanges;

function isChangeableField(key: string): key is ChangeableField {
  return changeableFields.includes(key);
}

const historyType: Record<keyof ConversationChanges, string> = {
  status: 'status_changed',
  priority: 'priority_changed',
  assignee_id: 'assigned',
  team_id: 'team_changed',
};

interface ConversationChanges {
  status?: ConversationStatus;
  priority?: Priority;
  assignee_id?: number | null;
  team_id?: number | null;
}

/** Changes status, priority, assignee or team, and writes who changed what to the audit log. */
export async function changeConversation(
  context: AppContext,
  principal: Principal,
  id: number,
  changes: ConversationChanges,
) {
  const { db } = context.database;
  const before = await findConversation(db, principal.organisationId, id);
  if (!before) throw notFound('conversation');
  if (changes.assignee_id !== undefined && changes.assignee_id !== null) {
    const user = await findUserById(db, changes.assignee_id);
    if (!user || user.organisation_id !== principal.organisationId || user.disabled_at !== null) {
      throw new AppError('validation_failed', 'unknown assignee', [
        { path: 'body/assignee_id', message: 'no active user with this id' },
      ]);
    }
  }
  if (changes.team_id !== undefined && changes.team_id !== null) {
    await requireTeam(db, principal.organisationId, changes.team_id);
  }
  // In the order the request gave them, as the history and the audit log have always listed them.
  const diff: Partial<Record<ChangeableField, { from: unknown; to: unknown }>> = {};
  const changedFields: ChangeableField[] = [];
  for (const key of Object.keys(changes).filter(isChangeableField)) {
    const value = changes[key];
    if (value === undefined || before[key] === value) continue;
    diff[key] = { from: before[key], to: value };
    changedFields.push(key);
  }
  if (changedFields.length > 0) {
    const now = Date.now();
    const actor = actorOf(principal);
    await transactWithEvents(context.database, context.events, async (trx, emit) => {
      await updateConversation(
        trx,
        principal.organisationId,
        id,
        {
          ...changes,
          ...(changes.status && changes.status !== 'snoozed' ? { snoozed_until: null } : {}),
        },
        now,
      );
      await recordConversationEvents(
        trx,
        changedFields.map((key) => ({
          organisationId: principal.organisationId,
          conversationId: id,
          type: historyType[key],
          actor,
          data: diff[key] ?? {},
          occurredAt: now,
        })),
      );
      await enqueueConversationChanged(trx, principal.organisationId, [id]);
      await recordAudit(trx, {
        organisationId: principal.organisationId,
        actor,
        action: 'conversation.updated',
        subjectType: 'conversation',
        subjectId: id,
        changes: diff,
      });
      emit([
        {
          type: 'conversation.updated',
          organisationId: principal.organisationId,
          conversationId: id,
          changes: changedFields,
        },
      ]);
    });
  }
  return getConversationDetail(context, principal, id);
}
