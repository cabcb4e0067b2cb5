import type { Kysely } from 'kysely';
import type { AppContext } from '../../platform/context.js';
import type { Database } from '../../platform/database/schema.js';
import { AppError, notFound } from '../../platform/errors.js';
import { type Emit, transactWithEvents } from '../../platform/events.js';
import { recordAudit } from '../audit/index.js';
import { actorOf, findUserById, type Principal } from '../auth/index.js';
import { requireTeam } from '../teams/index.js';
import {
  countLinks,
  type DecisionRow,
  findDecision,
  insertDecision,
  insertDecisionEvents,
  listDecisionEvents,
  listDecisions,
  type NewDecisionEvent,
  updateDecision,
} from './decision.repository.js';
import { reopenProblem, type SettableState, transitionProblem } from './decision-states.js';
import { ledgerErrors } from './ledger.errors.js';
import {
  checkBackRunAt,
  loopFiguresOf,
  scheduleCheckBack,
  tellLinkedPeople,
} from './loop.service.js';

type Db = Kysely<Database>;

async function requireOwner(db: Db, organisationId: number, userId: number) {
  const user = await findUserById(db, userId);
  if (!user || user.organisation_id !== organisationId) {
    throw new AppError('validation_failed', 'unknown owner', [
      { path: 'body/owner_user_id', message: 'no user with this id' },
    ]);
  }
}

export async function requireOpenDecision(
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
export async function recordDecisionEvents(
  trx: Db,
  emit: Emit,
  organisationId: number,
  events: readonly NewDecisionEvent[],
) {
  const ids = await insertDecisionEvents(trx, organisationId, events);
  emit(
    events.map((event) => ({
      type: 'decision.changed' as const,
      organisationId,
      decisionId: event.decisionId,
      kind: event.kind,
      published: event.published ?? false,
    })),
  );
  return ids;
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
    await recordDecisionEvents(trx, emit, organisationId, [
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
  const [counts, events, loop] = await Promise.all([
    countLinks(db, [id]),
    listDecisionEvents(db, principal.organisationId, id),
    loopFiguresOf(db, principal.organisationId, id),
  ]);
  return { decision, counts, events, loop };
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
    const published = (input.publish ?? false) && publicNote !== null;
    const [eventId] = await recordDecisionEvents(trx, emit, organisationId, [
      {
        decisionId: id,
        kind: 'state_changed',
        fromState: decision.state,
        toState: input.to,
        outcome: input.outcome ?? null,
        reason: reason ?? null,
        publicNote,
        // A step is only published with something said publicly about it.
        published,
        actorUserId: principal.userId,
        now,
      },
    ]);
    if (eventId !== undefined) {
      if (published) {
        await tellLinkedPeople(trx, {
          organisationId,
          decision,
          eventId,
          template: input.to,
          publicNote,
          now,
        });
      }
      if (input.to === 'shipped') {
        await scheduleCheckBack(trx, {
          organisationId,
          decisionId: id,
          eventId,
          runAt: checkBackRunAt(context, now),
        });
      }
    }
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
    const [eventId] = await recordDecisionEvents(trx, emit, organisationId, [
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
    if (eventId !== undefined && publicNote !== null) {
      await tellLinkedPeople(trx, {
        organisationId,
        decision,
        eventId,
        template: 'reopened',
        publicNote,
        now,
      });
    }
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
