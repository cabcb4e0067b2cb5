import type { Kysely } from 'kysely';
import type { AppContext } from '../../platform/context.js';
import type { Database } from '../../platform/database/schema.js';
import { AppError, notFound } from '../../platform/errors.js';
import { transactWithEvents } from '../../platform/events.js';
import type { Principal } from '../auth/index.js';
import { findCustomerMessageOrigins, findMessageTexts } from '../conversations/index.js';
import { findTheme, messageIdsOfTheme } from '../themes/index.js';
import { findDecision, updateDecision } from './decision.repository.js';
import { recordDecisionEvents, requireOpenDecision } from './decision.service.js';
import {
  decisionsOfMessage,
  deleteLinks,
  ensureFeedbackItems,
  insertLinks,
  insertManualFeedbackItem,
  linkedItemIds,
  listLinkedFeedback,
} from './feedback.repository.js';

type Db = Kysely<Database>;

/** When a manual entry was said: a real instant, not in the future (a minute of clock skew aside). */
function parseSaidAt(text: string, now: number): number {
  const instant = Date.parse(text);
  if (!Number.isFinite(instant) || instant < 0 || instant > now + 60_000) {
    throw new AppError('validation_failed', 'said_at is not a past instant', [
      {
        path: 'body/manual/said_at',
        message: 'give when it was said, after 1970 and not in the future',
      },
    ]);
  }
  return instant;
}

/** A theme may hold many messages; linking one links at most this many of them. */
export const maxMessagesPerThemeLink = 10_000;

async function feedbackOfMessages(
  trx: Db,
  principal: Principal,
  messageIds: readonly number[],
  field: string,
  now: number,
) {
  const origins = await findCustomerMessageOrigins(trx, principal.organisationId, messageIds);
  if (origins.length !== messageIds.length) {
    throw new AppError('validation_failed', 'unknown message', [
      { path: field, message: "every id must be a customer's message of this organisation" },
    ]);
  }
  return ensureFeedbackItems(
    trx,
    principal.organisationId,
    'message',
    origins.map((origin) => ({
      sourceKind: 'message' as const,
      sourceId: origin.id,
      contactId: origin.author_contact_id ?? origin.contact_id,
      conversationId: origin.conversation_id,
      channel: origin.channel,
      teamId: origin.team_id,
      note: null,
      saidAt: origin.created_at,
      createdByUserId: principal.userId,
      now,
    })),
  );
}

/**
 * Links feedback to a decision: customers' messages, every message of a theme, or a manual entry
 * (a phone call). Each source becomes one feedback item, shared by every decision it is linked
 * to; nothing is copied from the message.
 */
export async function linkFeedback(
  context: AppContext,
  principal: Principal,
  id: number,
  input: {
    message_ids?: number[] | undefined;
    theme_id?: number | undefined;
    manual?:
      | { text: string; contact_id?: number | undefined; said_at?: string | undefined }
      | undefined;
  },
) {
  const organisationId = principal.organisationId;
  return transactWithEvents(context.database, context.events, async (trx, emit) => {
    await requireOpenDecision(context, trx, organisationId, id);
    const now = Date.now();
    const groups: { via: string; itemIds: number[] }[] = [];
    if (input.message_ids) {
      groups.push({
        via: 'message',
        itemIds: await feedbackOfMessages(
          trx,
          principal,
          input.message_ids,
          'body/message_ids',
          now,
        ),
      });
    }
    if (input.theme_id !== undefined) {
      if (!(await findTheme(trx, organisationId, input.theme_id))) {
        throw new AppError('validation_failed', 'unknown theme', [
          { path: 'body/theme_id', message: 'no theme with this id' },
        ]);
      }
      const messageIds = await messageIdsOfTheme(
        trx,
        organisationId,
        input.theme_id,
        maxMessagesPerThemeLink,
      );
      const origins = await findCustomerMessageOrigins(trx, organisationId, messageIds);
      groups.push({
        via: `theme:${input.theme_id}`,
        itemIds: await feedbackOfMessages(
          trx,
          principal,
          origins.map((origin) => origin.id),
          'body/theme_id',
          now,
        ),
      });
    }
    if (input.manual) {
      const saidAt = input.manual.said_at ? parseSaidAt(input.manual.said_at, now) : now;
      groups.push({
        via: 'manual',
        itemIds: [
          await insertManualFeedbackItem(trx, organisationId, {
            sourceKind: 'manual',
            sourceId: null,
            contactId: input.manual.contact_id ?? null,
            conversationId: null,
            channel: null,
            teamId: null,
            note: input.manual.text.trim(),
            saidAt,
            createdByUserId: principal.userId,
            now,
          }),
        ],
      });
    }
    const already = await linkedItemIds(trx, id);
    const linkedNow: number[] = [];
    let alreadyLinked = 0;
    for (const group of groups) {
      const fresh = group.itemIds.filter((itemId) => !already.has(itemId));
      alreadyLinked += group.itemIds.length - fresh.length;
      await insertLinks(trx, organisationId, id, fresh, {
        via: group.via,
        userId: principal.userId,
        now,
      });
      for (const itemId of fresh) already.add(itemId);
      linkedNow.push(...fresh);
    }
    if (linkedNow.length > 0) {
      await recordDecisionEvents(trx, emit, organisationId, [
        {
          decisionId: id,
          kind: 'feedback_linked',
          feedbackItemIds: linkedNow,
          actorUserId: principal.userId,
          now,
        },
      ]);
      await updateDecision(trx, organisationId, id, {}, now);
    }
    return { linked: linkedNow.length, alreadyLinked, feedbackCount: already.size };
  });
}

export async function unlinkFeedback(
  context: AppContext,
  principal: Principal,
  id: number,
  itemId: number,
) {
  const organisationId = principal.organisationId;
  await transactWithEvents(context.database, context.events, async (trx, emit) => {
    await requireOpenDecision(context, trx, organisationId, id);
    if ((await deleteLinks(trx, id, [itemId])) === 0) throw notFound('feedback item');
    const now = Date.now();
    await recordDecisionEvents(trx, emit, organisationId, [
      {
        decisionId: id,
        kind: 'feedback_unlinked',
        feedbackItemIds: [itemId],
        actorUserId: principal.userId,
        now,
      },
    ]);
    await updateDecision(trx, organisationId, id, {}, now);
  });
}

export async function linkedFeedbackOf(context: AppContext, principal: Principal, id: number) {
  const db = context.database.db;
  if (!(await findDecision(db, principal.organisationId, id))) throw notFound('decision');
  const items = await listLinkedFeedback(db, principal.organisationId, id);
  const texts = await findMessageTexts(
    db,
    principal.organisationId,
    items.flatMap((item) =>
      item.source_kind === 'message' && item.source_id ? [item.source_id] : [],
    ),
  );
  return items.map((item) => ({
    ...item,
    text: item.source_kind === 'message' ? (texts.get(item.source_id ?? 0) ?? null) : item.note,
  }));
}

export async function decisionsLinkedToMessage(
  context: AppContext,
  principal: Principal,
  messageId: number,
) {
  return decisionsOfMessage(context.database.db, principal.organisationId, messageId);
}
