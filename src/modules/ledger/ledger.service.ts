import type { Kysely } from 'kysely';
import type { AppContext } from '../../platform/context.js';
import type { Database, DecisionEventKind } from '../../platform/database/schema.js';
import { AppError, notFound } from '../../platform/errors.js';
import { type Emit, transactWithEvents } from '../../platform/events.js';
import { recordAudit } from '../audit/index.js';
import { actorOf, findUserById, type Principal } from '../auth/index.js';
import { findCustomerMessageOrigins, findMessageTexts } from '../conversations/index.js';
import { requireTeam } from '../teams/index.js';
import { findTheme, messageIdsOfTheme } from '../themes/index.js';
import { reopenProblem, type SettableState, transitionProblem } from './decision-states.js';
import { ledgerErrors } from './ledger.errors.js';
import {
  countLinks,
  type DecisionRow,
  decisionsOfMessage,
  deleteLinks,
  ensureFeedbackItems,
  findDecision,
  findFeedbackItemIds,
  insertDecision,
  insertDecisionEvents,
  insertLinks,
  insertManualFeedbackItem,
  linkedItemIds,
  listDecisionEvents,
  listDecisions,
  listLinkedFeedback,
  type NewDecisionEvent,
  updateDecision,
} from './ledger.repository.js';

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

type Db = Kysely<Database>;

async function requireOwner(db: Db, organisationId: number, userId: number) {
  const user = await findUserById(db, userId);
  if (!user || user.organisation_id !== organisationId) {
    throw new AppError('validation_failed', 'unknown owner', [
      { path: 'body/owner_user_id', message: 'no user with this id' },
    ]);
  }
}

async function requireOpenDecision(
  context: AppContext,
  trx: Db,
  organisationId: number,
  id: number,
): Promise<DecisionRow> {
  const decision = await findDecision(trx, organisationId, id, context.database.dialect);
  if (!decision) throw notFound('decision');
  if (decision.state === 'merged') {
    throw ledgerErrors.error(
      'decision_merged',
      `the decision was merged into decision ${decision.merged_into_id}`,
    );
  }
  return decision;
}

/** Records events and tells subscribers, in the caller's transaction. */
async function record(
  trx: Db,
  emit: Emit,
  organisationId: number,
  events: readonly NewDecisionEvent[],
) {
  await insertDecisionEvents(trx, organisationId, events);
  emit(
    events.map((event) => ({
      type: 'decision.changed' as const,
      organisationId,
      decisionId: event.decisionId,
      kind: event.kind,
      published: event.published ?? false,
    })),
  );
}

export async function decisionsOf(
  context: AppContext,
  principal: Principal,
  query: {
    state?: DecisionRow['state'] | undefined;
    team_id?: number | undefined;
    owner_user_id?: number | undefined;
    limit?: number | undefined;
    cursor?: string | undefined;
  },
) {
  const limit = query.limit ?? 50;
  const db = context.database.db;
  const rows = await listDecisions(db, principal.organisationId, {
    state: query.state,
    teamId: query.team_id,
    ownerUserId: query.owner_user_id,
    beforeId: query.cursor === undefined ? undefined : Number(query.cursor),
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  const counts = await countLinks(
    db,
    page.map((row) => row.id),
  );
  const last = page.at(-1);
  return {
    decisions: page,
    counts,
    nextCursor: rows.length > limit && last ? String(last.id) : null,
  };
}

export async function createDecision(
  context: AppContext,
  principal: Principal,
  input: {
    title: string;
    public_description?: string | undefined;
    owner_user_id?: number | null | undefined;
    team_id?: number | null | undefined;
  },
) {
  const organisationId = principal.organisationId;
  const actor = actorOf(principal);
  return transactWithEvents(context.database, context.events, async (trx, emit) => {
    if (input.owner_user_id) await requireOwner(trx, organisationId, input.owner_user_id);
    if (input.team_id) await requireTeam(trx, organisationId, input.team_id);
    const now = Date.now();
    const decision = await insertDecision(trx, organisationId, {
      title: input.title.trim(),
      publicDescription: input.public_description?.trim() ?? '',
      ownerUserId: input.owner_user_id ?? principal.userId,
      teamId: input.team_id ?? null,
      now,
    });
    await record(trx, emit, organisationId, [
      {
        decisionId: decision.id,
        kind: 'created',
        toState: 'received',
        actorUserId: principal.userId,
        now,
      },
    ]);
    await recordAudit(trx, {
      organisationId,
      actor,
      action: 'decision.created',
      subjectType: 'decision',
      subjectId: decision.id,
      changes: { title: decision.title },
    });
    return decision;
  });
}

export async function updateDecisionDetails(
  context: AppContext,
  principal: Principal,
  id: number,
  input: {
    title?: string | undefined;
    public_description?: string | undefined;
    owner_user_id?: number | null | undefined;
    team_id?: number | null | undefined;
  },
) {
  const organisationId = principal.organisationId;
  return transactWithEvents(context.database, context.events, async (trx) => {
    await requireOpenDecision(context, trx, organisationId, id);
    if (input.owner_user_id) await requireOwner(trx, organisationId, input.owner_user_id);
    if (input.team_id) await requireTeam(trx, organisationId, input.team_id);
    const changes = {
      ...(input.title !== undefined ? { title: input.title.trim() } : {}),
      ...(input.public_description !== undefined
        ? { public_description: input.public_description.trim() }
        : {}),
      ...(input.owner_user_id !== undefined ? { owner_user_id: input.owner_user_id } : {}),
      ...(input.team_id !== undefined ? { team_id: input.team_id } : {}),
    };
    await updateDecision(trx, organisationId, id, changes, Date.now());
    await recordAudit(trx, {
      organisationId,
      actor: actorOf(principal),
      action: 'decision.updated',
      subjectType: 'decision',
      subjectId: id,
      changes,
    });
    const updated = await findDecision(trx, organisationId, id);
    if (!updated) throw notFound('decision');
    return updated;
  });
}

export async function decisionDetail(context: AppContext, principal: Principal, id: number) {
  const db = context.database.db;
  const decision = await findDecision(db, principal.organisationId, id);
  if (!decision) throw notFound('decision');
  const [counts, events] = await Promise.all([
    countLinks(db, [id]),
    listDecisionEvents(db, principal.organisationId, id),
  ]);
  return { decision, counts, events };
}

/** Moves a decision forward one or more steps (see decision-states.ts for what may follow what). */
export async function transitionDecision(
  context: AppContext,
  principal: Principal,
  id: number,
  input: {
    to: SettableState;
    outcome?: 'will_change' | 'will_not_change' | undefined;
    reason?: string | undefined;
    public_note?: string | undefined;
    publish?: boolean | undefined;
  },
) {
  const organisationId = principal.organisationId;
  return transactWithEvents(context.database, context.events, async (trx, emit) => {
    const decision = await requireOpenDecision(context, trx, organisationId, id);
    const reason = input.reason?.trim() || undefined;
    const problem = transitionProblem(decision, { ...input, reason });
    if (problem) throw ledgerErrors.error('decision_transition_invalid', problem);
    const outcome = input.outcome ?? decision.outcome;
    const now = Date.now();
    const publicNote = input.public_note?.trim() || null;
    await updateDecision(trx, organisationId, id, { state: input.to, outcome }, now);
    await record(trx, emit, organisationId, [
      {
        decisionId: id,
        kind: 'state_changed',
        fromState: decision.state,
        toState: input.to,
        outcome: input.outcome ?? null,
        reason: reason ?? null,
        publicNote,
        // A step is only published with something said publicly about it.
        published: (input.publish ?? false) && publicNote !== null,
        actorUserId: principal.userId,
        now,
      },
    ]);
    await recordAudit(trx, {
      organisationId,
      actor: actorOf(principal),
      action: 'decision.state_changed',
      subjectType: 'decision',
      subjectId: id,
      changes: { from: decision.state, to: input.to, outcome },
    });
    return { ...decision, state: input.to, outcome, updated_at: now };
  });
}

/** Back to "under consideration": the change did not solve the problem, or new facts came up. */
export async function reopenDecision(
  context: AppContext,
  principal: Principal,
  id: number,
  input: { reason: string; public_note?: string | undefined },
) {
  const organisationId = principal.organisationId;
  return transactWithEvents(context.database, context.events, async (trx, emit) => {
    const decision = await requireOpenDecision(context, trx, organisationId, id);
    const problem = reopenProblem(decision);
    if (problem) throw ledgerErrors.error('decision_transition_invalid', problem);
    const now = Date.now();
    await updateDecision(
      trx,
      organisationId,
      id,
      { state: 'under_consideration', outcome: null },
      now,
    );
    const publicNote = input.public_note?.trim() || null;
    await record(trx, emit, organisationId, [
      {
        decisionId: id,
        kind: 'reopened',
        fromState: decision.state,
        toState: 'under_consideration',
        reason: input.reason.trim(),
        publicNote,
        published: publicNote !== null,
        actorUserId: principal.userId,
        now,
      },
    ]);
    await recordAudit(trx, {
      organisationId,
      actor: actorOf(principal),
      action: 'decision.reopened',
      subjectType: 'decision',
      subjectId: id,
      changes: { from: decision.state, reason: input.reason.trim() },
    });
    return { ...decision, state: 'under_consideration' as const, outcome: null, updated_at: now };
  });
}

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
      await record(trx, emit, organisationId, [
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
    await record(trx, emit, organisationId, [
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

/** Absorbs a duplicate decision: its links move to `intoId`, and it ends as `merged`. */
export async function mergeDecision(
  context: AppContext,
  principal: Principal,
  id: number,
  input: { into_id: number; reason?: string | undefined },
) {
  const organisationId = principal.organisationId;
  if (input.into_id === id) {
    throw new AppError('validation_failed', 'a decision cannot be merged into itself', [
      { path: 'body/into_id', message: 'choose another decision' },
    ]);
  }
  return transactWithEvents(context.database, context.events, async (trx, emit) => {
    // Lock in id order so two opposite merges cannot deadlock.
    const [first, second] = id < input.into_id ? [id, input.into_id] : [input.into_id, id];
    const locked = new Map<number, DecisionRow>();
    for (const decisionId of [first, second]) {
      locked.set(decisionId, await requireOpenDecision(context, trx, organisationId, decisionId));
    }
    const target = locked.get(input.into_id);
    const source = locked.get(id);
    if (!target || !source) throw notFound('decision');
    const moving = [...(await linkedItemIds(trx, id))];
    const now = Date.now();
    await insertLinks(trx, organisationId, target.id, moving, {
      via: 'merge',
      userId: principal.userId,
      now,
    });
    await deleteLinks(trx, id, moving);
    await updateDecision(
      trx,
      organisationId,
      id,
      { state: 'merged', merged_into_id: target.id },
      now,
    );
    await updateDecision(trx, organisationId, target.id, {}, now);
    const reason = input.reason?.trim() || null;
    await record(trx, emit, organisationId, [
      {
        decisionId: id,
        kind: 'merged_into',
        fromState: source.state,
        toState: 'merged',
        reason,
        feedbackItemIds: moving,
        otherDecisionId: target.id,
        actorUserId: principal.userId,
        now,
      },
      {
        decisionId: target.id,
        kind: 'absorbed',
        reason,
        feedbackItemIds: moving,
        otherDecisionId: id,
        actorUserId: principal.userId,
        now,
      },
    ]);
    await recordAudit(trx, {
      organisationId,
      actor: actorOf(principal),
      action: 'decision.merged',
      subjectType: 'decision',
      subjectId: id,
      changes: { into: target.id, feedback_items: moving.length },
    });
    return target;
  });
}

/** Moves some of a decision's feedback to a new decision that starts where this one stands. */
export async function splitDecision(
  context: AppContext,
  principal: Principal,
  id: number,
  input: { title: string; feedback_item_ids: number[] },
) {
  const organisationId = principal.organisationId;
  return transactWithEvents(context.database, context.events, async (trx, emit) => {
    const source = await requireOpenDecision(context, trx, organisationId, id);
    const linked = await linkedItemIds(trx, id);
    const known = new Set(await findFeedbackItemIds(trx, organisationId, input.feedback_item_ids));
    if (input.feedback_item_ids.some((itemId) => !linked.has(itemId) || !known.has(itemId))) {
      throw new AppError('validation_failed', 'unknown feedback item', [
        { path: 'body/feedback_item_ids', message: 'every id must be linked to this decision' },
      ]);
    }
    const now = Date.now();
    const created = await insertDecision(trx, organisationId, {
      title: input.title.trim(),
      publicDescription: source.public_description,
      ownerUserId: source.owner_user_id,
      teamId: source.team_id,
      now,
    });
    if (source.state !== 'received' || source.outcome) {
      await updateDecision(
        trx,
        organisationId,
        created.id,
        { state: source.state, outcome: source.outcome },
        now,
      );
    }
    await insertLinks(trx, organisationId, created.id, input.feedback_item_ids, {
      via: 'split',
      userId: principal.userId,
      now,
    });
    await deleteLinks(trx, id, input.feedback_item_ids);
    await updateDecision(trx, organisationId, id, {}, now);
    const events: NewDecisionEvent[] = [
      {
        decisionId: created.id,
        kind: 'created' satisfies DecisionEventKind,
        toState: source.state,
        outcome: source.outcome,
        otherDecisionId: id,
        actorUserId: principal.userId,
        now,
      },
      {
        decisionId: created.id,
        kind: 'split_from',
        feedbackItemIds: input.feedback_item_ids,
        otherDecisionId: id,
        actorUserId: principal.userId,
        now,
      },
      {
        decisionId: id,
        kind: 'split_off',
        feedbackItemIds: input.feedback_item_ids,
        otherDecisionId: created.id,
        actorUserId: principal.userId,
        now,
      },
    ];
    await record(trx, emit, organisationId, events);
    await recordAudit(trx, {
      organisationId,
      actor: actorOf(principal),
      action: 'decision.split',
      subjectType: 'decision',
      subjectId: id,
      changes: { into: created.id, feedback_items: input.feedback_item_ids.length },
    });
    return { ...created, state: source.state, outcome: source.outcome };
  });
}

export async function decisionsLinkedToMessage(
  context: AppContext,
  principal: Principal,
  messageId: number,
) {
  return decisionsOfMessage(context.database.db, principal.organisationId, messageId);
}
