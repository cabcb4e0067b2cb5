import type { AppContext } from '../../platform/context.js';
import type { ConversationStatus, Priority } from '../../platform/database/schema.js';
import { AppError, notFound } from '../../platform/errors.js';
import { transactWithEvents } from '../../platform/events.js';
import { recordAudit } from '../audit/index.js';
import { findUserById } from '../auth/auth.repository.js';
import { actorOf, type Principal } from '../auth/index.js';
import { findTeamById } from '../channels/index.js';
import { findContact, listIdentities } from '../contacts/contact.repository.js';
import { enqueueConversationChanged } from './conversation.jobs.js';
import {
  type ConversationFilter,
  findConversation,
  listConversations,
  listLabelsOfConversations,
  listLatestCustomerMessages,
  listMessages,
  updateConversation,
} from './conversation.repository.js';
import { recordConversationEvents } from './conversation-event.repository.js';
import { correctionsOfMessages } from './message-corrections.repository.js';
import { sentimentTrajectory, type TrajectoryPoint } from './sentiment-trajectory.js';

export interface ListQuery extends Omit<ConversationFilter, 'after' | 'offset'> {
  cursor?: string;
}

export function encodeCursor(lastMessageAt: number, id: number): string {
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

/** What every row of the list carries besides the conversation itself, a query each per page. */
async function decorate<T extends { id: number }>(context: AppContext, rows: T[]) {
  return withMoods(context, await withLabels(context, rows));
}

function decodeCursor(cursor: string): { lastMessageAt: number; id: number } {
  const match = /^(\d+):(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match) {
    throw new AppError('validation_failed', 'invalid cursor', [
      { path: 'querystring/cursor', message: 'use the next_cursor of a previous page' },
    ]);
  }
  return { lastMessageAt: Number(match[1]), id: Number(match[2]) };
}

export async function listForPrincipal(
  context: AppContext,
  principal: Principal,
  query: ListQuery,
) {
  const { cursor, ...filter } = query;
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
      rows: await decorate(context, rows.slice(0, filter.limit)),
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
  return { rows: await decorate(context, page), nextCursor };
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
    },
    trajectory,
    messages,
    corrections,
    contact: contact ?? null,
    identities,
  };
}

const historyType: Record<keyof ConversationChanges, string> = {
  status: 'status_changed',
  priority: 'priority_changed',
  assignee_id: 'assigned',
  team_id: 'team_changed',
};

export interface ConversationChanges {
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
    if (!(await findTeamById(db, principal.organisationId, changes.team_id))) {
      throw new AppError('validation_failed', 'unknown team', [
        { path: 'body/team_id', message: 'no team with this id' },
      ]);
    }
  }
  const diff: Record<string, { from: unknown; to: unknown }> = {};
  for (const [key, value] of Object.entries(changes) as [keyof ConversationChanges, unknown][]) {
    if (value !== undefined && before[key] !== value) diff[key] = { from: before[key], to: value };
  }
  if (Object.keys(diff).length > 0) {
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
        Object.entries(diff).map(([key, change]) => ({
          organisationId: principal.organisationId,
          conversationId: id,
          type: historyType[key as keyof ConversationChanges],
          actor,
          data: change,
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
          changes: Object.keys(diff),
        },
      ]);
    });
  }
  return getConversationDetail(context, principal, id);
}
