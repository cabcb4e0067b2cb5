import type { AppContext } from '../../platform/context.js';
import type { DecisionEventKind } from '../../platform/database/schema.js';
import { AppError, notFound } from '../../platform/errors.js';
import { transactWithEvents } from '../../platform/events.js';
import { recordAudit } from '../audit/index.js';
import { actorOf, type Principal } from '../auth/index.js';
import {
  type DecisionRow,
  insertDecision,
  type NewDecisionEvent,
  updateDecision,
} from './decision.repository.js';
import { recordDecisionEvents, requireOpenDecision } from './decision.service.js';
import {
  deleteLinks,
  findFeedbackItemIds,
  insertLinks,
  linkedItemIds,
} from './feedback.repository.js';

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
    await recordDecisionEvents(trx, emit, organisationId, [
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
    await recordDecisionEvents(trx, emit, organisationId, events);
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
