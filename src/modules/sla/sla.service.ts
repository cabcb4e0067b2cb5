import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.js';
import type { DomainEvent } from '../../platform/events.js';
import { enqueue } from '../../platform/jobs/job-definition.js';
import {
  alwaysOpenCalendar,
  type BusinessCalendar,
  listTeamCalendars,
} from '../calendars/index.js';
import { recordConversationEvents } from '../conversations/index.js';
import {
  type MetricsSlaOutcome,
  rebuildRollupHours,
  refreshConversationMetrics,
  rollupHoursOf,
  updateMetricsSla,
} from '../reports/index.js';
import { listTeams } from '../teams/index.js';
import { slaCheck } from './sla.jobs.js';
import { type ClockResult, computeClocks, type Metric } from './sla-clock.js';
import { escalate, notifyWarning } from './sla-escalation.js';
import { matchPolicy, type SlaPolicy } from './sla-policy.js';
import { listPolicies } from './sla-policy.repository.js';
import {
  type ConversationInput,
  deleteSlaRows,
  loadConversationInputs,
  loadSlaRows,
  loadStatusChanges,
  loadTimelines,
  type SlaRow,
  saveSlaRow,
} from './sla-state.repository.js';

const system = { type: 'system' as const, id: null };

/** Fields of conversation_sla that hold each metric's warned flag and breach time. */
const flagColumns = {
  first_response: { warned: 'first_response_warned', breached: 'first_response_breached_at' },
  next_response: { warned: 'next_response_warned', breached: 'next_response_breached_at' },
  resolution: { warned: 'resolution_warned', breached: 'resolution_breached_at' },
} as const;

function emptyRow(organisationId: number, conversationId: number, now: number): SlaRow {
  return {
    conversation_id: conversationId,
    organisation_id: organisationId,
    policy_id: null,
    first_response_due_at: null,
    first_response_warned: 0,
    first_response_breached_at: null,
    next_response_started_at: null,
    next_response_due_at: null,
    next_response_warned: 0,
    next_response_breached_at: null,
    resolution_due_at: null,
    resolution_warned: 0,
    resolution_breached_at: null,
    next_due_at: null,
    paused: 0,
    check_at: null,
    updated_at: now,
  };
}

/** Whether the clock passed `instant` while it ran: before its stop, or by now. */
function reached(clock: ClockResult, instant: number | null, now: number): instant is number {
  if (instant === null) return false;
  return clock.stoppedAt === null ? instant <= now : instant < clock.stoppedAt;
}

interface Context {
  trx: Kysely<Database>;
  organisationId: number;
  now: number;
  events: DomainEvent[];
}

/**
 * Applies the thresholds a clock passed to the stored state: a breach is recorded once (in the
 * history at the instant it happened, as a domain event, and with the escalations when the clock
 * still runs); a warning only while the clock runs and has not breached yet. Returns whether an
 * escalation changed the conversation.
 */
async function applyThresholds(
  context: Context,
  row: SlaRow,
  conversation: ConversationInput,
  policy: SlaPolicy,
  clock: ClockResult,
): Promise<boolean> {
  const { trx, organisationId, now, events } = context;
  const columns = flagColumns[clock.metric];
  let changed = false;
  const record = (type: string, dueAt: number, occurredAt: number) =>
    recordConversationEvents(trx, [
      {
        organisationId,
        conversationId: conversation.id,
        type,
        actor: system,
        data: { metric: clock.metric, due_at: dueAt, policy_id: policy.id },
        occurredAt,
      },
    ]);
  if (reached(clock, clock.dueAt, now) && row[columns.breached] === null) {
    row[columns.breached] = clock.dueAt;
    row[columns.warned] = 1;
    await record('sla_breached', clock.dueAt, clock.dueAt);
    events.push({
      type: 'sla.breached',
      organisationId,
      conversationId: conversation.id,
      metric: clock.metric,
      dueAt: clock.dueAt,
    });
    if (clock.stoppedAt === null) {
      changed = await escalate(
        trx,
        organisationId,
        conversation,
        policy,
        clock.metric,
        clock.dueAt,
        now,
        events,
      );
    }
  }
  if (reached(clock, clock.warnAt, now) && row[columns.warned] === 0) {
    row[columns.warned] = 1;
    if (clock.stoppedAt === null && clock.dueAt !== null) {
      await record('sla_warning', clock.dueAt, clock.warnAt);
      events.push({
        type: 'sla.warning',
        organisationId,
        conversationId: conversation.id,
        metric: clock.metric,
        dueAt: clock.dueAt,
      });
      await notifyWarning(trx, organisationId, conversation, clock.metric, clock.dueAt, now);
    }
  }
  return changed;
}

function running(clock: ClockResult | null | undefined): clock is ClockResult {
  return clock !== null && clock !== undefined && clock.stoppedAt === null;
}

/**
 * Brings the SLA state of conversations up to date at `now`, from their history: the report
 * rollup, the applied policy, the due times, warnings and breaches that are due, and one check
 * job at the next threshold. Idempotent: evaluating twice at the same `now` changes nothing.
 * Returns the domain events to publish after the transaction commits.
 */
export async function evaluateSla(
  trx: Kysely<Database>,
  organisationId: number,
  conversationIds: number[],
  now: number,
): Promise<DomainEvent[]> {
  const events: DomainEvent[] = [];
  let ids = [...new Set(conversationIds)];
  // The report rollup hours these conversations counted in before, and count in after.
  const hours = await rollupHoursOf(trx, ids);
  // An escalation may change team or priority, and so the policy: evaluate those once more.
  for (let pass = 0; pass < 2 && ids.length > 0; pass++) {
    ids = await evaluateOnce({ trx, organisationId, now, events }, ids);
  }
  for (const hour of await rollupHoursOf(trx, [...new Set(conversationIds)])) hours.add(hour);
  await rebuildRollupHours(trx, organisationId, hours);
  return events;
}

async function evaluateOnce(context: Context, ids: number[]): Promise<number[]> {
  const { trx, organisationId, now } = context;
  await refreshConversationMetrics(trx, organisationId, ids, now);
  const policies = await listPolicies(trx, organisationId);
  if (policies.length === 0) {
    await deleteSlaRows(trx, ids);
    return [];
  }
  const [inputs, timelines, statuses, stored, calendars, teams] = await Promise.all([
    loadConversationInputs(trx, organisationId, ids),
    loadTimelines(trx, ids),
    loadStatusChanges(trx, ids),
    loadSlaRows(trx, ids),
    listTeamCalendars(trx, organisationId),
    listTeams(trx, organisationId),
  ]);
  const timezoneOf = new Map(teams.map((team) => [team.id, team.timezone]));
  const calendarOf = (teamId: number | null): BusinessCalendar =>
    (teamId === null ? undefined : calendars.get(teamId)) ??
    alwaysOpenCalendar(teamId === null ? 'UTC' : (timezoneOf.get(teamId) ?? 'UTC'));

  const outcomes: MetricsSlaOutcome[] = [];
  const unmatched: number[] = [];
  const changed: number[] = [];
  for (const conversation of inputs) {
    const policy = matchPolicy(policies, conversation);
    if (!policy) {
      unmatched.push(conversation.id);
      outcomes.push({
        conversationId: conversation.id,
        policyId: null,
        firstResponseMet: null,
        firstResponseBreached: false,
        nextResponseBreached: false,
        resolutionBreached: false,
      });
      continue;
    }
    const clocks = computeClocks(
      timelines.get(conversation.id) ?? [],
      statuses.get(conversation.id) ?? [],
      {
        firstResponseMs: policy.firstResponseMs,
        nextResponseMs: policy.nextResponseMs,
        resolutionMs: policy.resolutionMs,
        warningPercent: policy.warningPercent,
        calendar: policy.businessHours ? calendarOf(conversation.teamId) : null,
      },
      now,
    );
    const previous = stored.get(conversation.id);
    const row: SlaRow = previous ? { ...previous } : emptyRow(organisationId, conversation.id, now);
    row.policy_id = policy.id;
    const currentNext = clocks.nextResponses[clocks.nextResponses.length - 1];
    if (currentNext && row.next_response_started_at !== currentNext.startedAt) {
      // A new customer message after a reply starts a fresh next-response cycle.
      row.next_response_started_at = currentNext.startedAt;
      row.next_response_warned = 0;
      row.next_response_breached_at = null;
    }
    let escalated = false;
    for (const clock of [clocks.firstResponse, currentNext, clocks.resolution]) {
      if (clock)
        escalated = (await applyThresholds(context, row, conversation, policy, clock)) || escalated;
    }
    if (escalated) changed.push(conversation.id);

    const runningClocks = [clocks.firstResponse, currentNext, clocks.resolution].filter(running);
    const dueOf = (clock: ClockResult | null | undefined) => (running(clock) ? clock.dueAt : null);
    row.first_response_due_at = dueOf(clocks.firstResponse);
    row.next_response_due_at = dueOf(currentNext);
    row.resolution_due_at = dueOf(clocks.resolution);
    const dues = runningClocks
      .map((clock) => clock.dueAt)
      .filter((due): due is number => due !== null);
    row.next_due_at = dues.length > 0 ? Math.min(...dues) : null;
    row.paused = runningClocks.some((clock) => clock.paused) ? 1 : 0;
    const thresholds: number[] = [];
    for (const clock of runningClocks) {
      const columns = flagColumns[clock.metric];
      if (clock.warnAt !== null && row[columns.warned] === 0) thresholds.push(clock.warnAt);
      if (clock.dueAt !== null && row[columns.breached] === null) thresholds.push(clock.dueAt);
    }
    const upcoming = thresholds.filter((instant) => instant > now);
    const checkAt = upcoming.length > 0 ? Math.min(...upcoming) : null;
    if (checkAt !== null && checkAt !== previous?.check_at) {
      await enqueue(
        trx,
        slaCheck,
        { organisationId, conversationId: conversation.id },
        { runAt: checkAt },
      );
    }
    row.check_at = checkAt;
    row.updated_at = now;
    await saveSlaRow(trx, row);

    const anyBreached = (clock: ClockResult | null | undefined) =>
      clock ? clock.breached || reached(clock, clock.dueAt, now) : false;
    outcomes.push({
      conversationId: conversation.id,
      policyId: policy.id,
      firstResponseMet:
        clocks.firstResponse &&
        clocks.firstResponse.stoppedAt !== null &&
        clocks.firstResponse.targetMs !== null
          ? !clocks.firstResponse.breached
          : null,
      firstResponseBreached: anyBreached(clocks.firstResponse),
      nextResponseBreached: clocks.nextResponses.some(anyBreached),
      resolutionBreached: anyBreached(clocks.resolution),
    });
  }
  await deleteSlaRows(trx, unmatched);
  await updateMetricsSla(trx, outcomes);
  return changed;
}

export type { Metric };
