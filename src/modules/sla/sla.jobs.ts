import type { DomainEvent } from '../../platform/events.js';
import type { JobHandler } from '../../platform/jobs/worker.js';
import { type CalendarChangedPayload, calendarChangedJobKind } from '../calendars/index.js';
import { conversationChangedJobKind } from '../conversations/index.js';
import { evaluateSla, type SlaCheckPayload, slaCheckJobKind } from './sla.service.js';
import { listUnresolvedOfTeam } from './sla-state.repository.js';

/** Payload of the conversations module's `conversation.changed` job. */
interface ConversationChangedPayload {
  organisationId: number;
  conversationIds: number[];
}

function isIdList(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((id) => typeof id === 'number');
}

type Publish = (events: DomainEvent[]) => void;

/**
 * The warning/breach check at a scheduled instant. It re-reads the history rather than trusting
 * the job: a reply or a pause since it was queued simply leaves nothing to do.
 */
export function createSlaCheckJobHandler(
  publish: Publish,
  clock: () => number = Date.now,
): JobHandler {
  return async (trx, payload) => {
    const value = payload as Partial<SlaCheckPayload> | null;
    if (typeof value?.organisationId !== 'number' || typeof value.conversationId !== 'number') {
      throw new Error('sla.check payload must be { organisationId, conversationId }');
    }
    const events = await evaluateSla(trx, value.organisationId, [value.conversationId], clock());
    return () => publish(events);
  };
}

/** A person changed status, team, priority or assignee: the clocks follow. */
export function createConversationChangedJobHandler(
  publish: Publish,
  clock: () => number = Date.now,
): JobHandler {
  return async (trx, payload) => {
    const value = payload as Partial<ConversationChangedPayload> | null;
    if (typeof value?.organisationId !== 'number' || !isIdList(value.conversationIds)) {
      throw new Error('conversation.changed payload must be { organisationId, conversationIds }');
    }
    const events = await evaluateSla(trx, value.organisationId, value.conversationIds, clock());
    return () => publish(events);
  };
}

/** A team's business hours changed: every unresolved conversation of the team gets new due times. */
export function createCalendarChangedJobHandler(
  publish: Publish,
  clock: () => number = Date.now,
): JobHandler {
  return async (trx, payload) => {
    const value = payload as Partial<CalendarChangedPayload> | null;
    if (typeof value?.organisationId !== 'number' || typeof value.teamId !== 'number') {
      throw new Error('calendar.changed payload must be { organisationId, teamId }');
    }
    const ids = await listUnresolvedOfTeam(trx, value.organisationId, value.teamId);
    const events = await evaluateSla(trx, value.organisationId, ids, clock());
    return () => publish(events);
  };
}

/** The SLA module's job kinds and handlers, for the worker's registry. */
export function slaJobHandlers(publish: Publish): [string, JobHandler][] {
  return [
    [slaCheckJobKind, createSlaCheckJobHandler(publish)],
    [conversationChangedJobKind, createConversationChangedJobHandler(publish)],
    [calendarChangedJobKind, createCalendarChangedJobHandler(publish)],
  ];
}
