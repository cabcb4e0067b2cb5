import { randomBytes } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import type { Kysely } from 'kysely';
import type { AppContext } from '../../platform/context.js';
import type { CheckBackAnswer, Database } from '../../platform/database/schema.js';
import { AppError } from '../../platform/errors.js';
import { transactWithEvents } from '../../platform/events.js';
import { enqueue } from '../../platform/jobs/job-definition.js';
import { bindingOf, redeemOneTimeToken } from '../auth/index.js';
import { noticeCounts, queueNotices } from '../notices/index.js';
import { grantDefaultConsent } from '../people/index.js';
import { insertDecisionEvents, updateDecision } from './decision.repository.js';
import {
  type CheckBackSummary,
  checkBackSummary,
  findShipment,
  linkedContactIds,
  saveCheckBackAnswer,
} from './loop.repository.js';

type Db = Kysely<Database>;
const dayMilliseconds = 24 * 3600_000;

/** Steps with a notice template (notices module, purpose `loop_notices`). */
const toldSteps = new Set([
  'acknowledged',
  'under_consideration',
  'decided',
  'in_progress',
  'shipped',
  'confirmed',
  'reopened',
]);

/**
 * Closing the loop (issue 13): a published step tells everyone linked to the decision, once per
 * step and person, in the step's own transaction. Being linked grants the opt-out consent
 * `loop_notices` (source `feedback_linked`) to people with no record of it; whoever withdrew
 * stays withdrawn, and the sender checks again when it sends.
 */
export async function tellLinkedPeople(
  trx: Db,
  input: {
    organisationId: number;
    decision: { id: number; title: string };
    eventId: number;
    template: string;
    publicNote: string | null;
    now: number;
  },
): Promise<{ queued: number }> {
  if (!toldSteps.has(input.template)) return { queued: 0 };
  const contactIds = await linkedContactIds(trx, input.organisationId, input.decision.id);
  if (contactIds.length === 0) return { queued: 0 };
  await grantDefaultConsent(trx, {
    organisationId: input.organisationId,
    contactIds,
    purpose: 'loop_notices',
    source: 'feedback_linked',
    at: input.now,
  });
  return queueNotices(
    trx,
    contactIds.map((contactId) => ({
      organisationId: input.organisationId,
      contactId,
      purpose: 'loop_notices',
      subject: { type: 'decision', id: input.decision.id },
      step: `event:${input.eventId}`,
      channel: 'email' as const,
      data: {
        template: input.template,
        title: input.decision.title,
        note: input.publicNote ?? '',
        decisionId: input.decision.id,
      },
      consentPurpose: 'loop_notices',
    })),
    input.now,
  );
}

/** Asks the people linked to a shipped decision whether it fixed their problem. */
export const checkBackContract = {
  kind: 'ledger.check_back',
  payload: Type.Object({
    organisationId: Type.Integer({ minimum: 1 }),
    decisionId: Type.Integer({ minimum: 1 }),
    eventId: Type.Integer({ minimum: 1 }),
  }),
};

export async function scheduleCheckBack(
  trx: Db,
  input: { organisationId: number; decisionId: number; eventId: number; runAt: number },
): Promise<void> {
  await enqueue(
    trx,
    checkBackContract,
    { organisationId: input.organisationId, decisionId: input.decisionId, eventId: input.eventId },
    { runAt: input.runAt },
  );
}

export function checkBackRunAt(context: AppContext, now: number): number {
  return now + context.config.checkBackDays * dayMilliseconds;
}

/** The check-back job: only a decision still shipped (or confirmed) is asked about. */
export async function sendCheckBack(
  trx: Db,
  input: { organisationId: number; decisionId: number; eventId: number },
  now: number,
): Promise<{ queued: number }> {
  const shipment = await findShipment(trx, input.organisationId, input.eventId);
  if (
    !shipment ||
    Number(shipment.decision_id) !== input.decisionId ||
    shipment.to_state !== 'shipped' ||
    !['shipped', 'confirmed'].includes(shipment.state)
  ) {
    return { queued: 0 };
  }
  const contactIds = await linkedContactIds(trx, input.organisationId, input.decisionId);
  return queueNotices(
    trx,
    contactIds.map((contactId) => ({
      organisationId: input.organisationId,
      contactId,
      purpose: 'check_back',
      subject: { type: 'decision', id: input.decisionId },
      step: `check_back:${input.eventId}`,
      channel: 'email' as const,
      data: {
        template: 'check_back',
        title: shipment.title,
        decisionId: input.decisionId,
        eventId: input.eventId,
      },
      consentPurpose: 'loop_notices',
    })),
    now,
  );
}

const answers = new Set<CheckBackAnswer>(['yes', 'partly', 'no']);

/**
 * Records a check-back answer from its one-time link (used once), with the optional comment and
 * the pulse question. A "no" reopens a decision still shipped for its owner (an internal step,
 * not published).
 */
export async function answerCheckBack(
  context: AppContext,
  input: { token: string; answer: string; comment?: string; believesInfluence?: string },
): Promise<{ decisionId: number; reopened: boolean }> {
  if (!answers.has(input.answer as CheckBackAnswer)) {
    throw new AppError('validation_failed', 'answer yes, partly or no', [
      { path: 'body/answer', message: 'must be yes, partly or no' },
    ]);
  }
  const comment = input.comment?.trim().slice(0, 4000) || null;
  const believes =
    input.believesInfluence === 'yes' || input.believesInfluence === 'no'
      ? input.believesInfluence
      : null;
  return transactWithEvents(context.database, context.events, async (trx, emit) => {
    const link = await redeemOneTimeToken(
      trx,
      input.token,
      ['check_back'],
      bindingOf(randomBytes(16).toString('hex')),
    );
    const eventId = Number(link.data.eventId);
    const decisionId = Number(link.data.decisionId);
    const shipment = await findShipment(trx, link.organisationId, eventId);
    if (!shipment || link.subjectType !== 'contact' || link.subjectId === null) {
      throw new AppError('not_found', 'this check-back is no longer open');
    }
    const now = Date.now();
    await saveCheckBackAnswer(trx, {
      organisationId: link.organisationId,
      decisionId,
      eventId,
      contactId: link.subjectId,
      answer: input.answer as CheckBackAnswer,
      comment,
      believesInfluence: believes,
      now,
    });
    if (input.answer !== 'no' || !['shipped', 'confirmed'].includes(shipment.state)) {
      return { decisionId, reopened: false };
    }
    await updateDecision(
      trx,
      link.organisationId,
      decisionId,
      { state: 'under_consideration', outcome: null },
      now,
    );
    await insertDecisionEvents(trx, link.organisationId, [
      {
        decisionId,
        kind: 'reopened',
        fromState: shipment.state,
        toState: 'under_consideration',
        reason: 'a person linked to it answered the check-back: it did not fix their problem',
        publicNote: null,
        published: false,
        actorUserId: null,
        now,
      },
    ]);
    emit([
      {
        type: 'decision.changed',
        organisationId: link.organisationId,
        decisionId,
        kind: 'reopened',
        published: false,
      },
    ]);
    return { decisionId, reopened: true };
  });
}

export interface LoopFigures {
  told: number;
  skipped: number;
  failed: number;
  pending: number;
  checkBack: CheckBackSummary;
}

/** "told: N, skipped (opted out): M, failed: K" and the check-back answers of one decision. */
export async function loopFiguresOf(
  db: Db,
  organisationId: number,
  decisionId: number,
): Promise<LoopFigures> {
  const [counts, checkBack] = await Promise.all([
    noticeCounts(db, organisationId, { type: 'decision', id: decisionId }, 'loop_notices'),
    checkBackSummary(db, organisationId, decisionId),
  ]);
  return {
    told: counts.sent,
    skipped: counts.skipped,
    failed: counts.failed,
    pending: counts.pending + counts.sending,
    checkBack,
  };
}
