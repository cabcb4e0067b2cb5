import { Type } from '@sinclair/typebox';
import { defineJob } from '../../platform/jobs/job-definition.js';
import { calendarChanged } from '../calendars/index.js';
import { conversationChanged } from '../conversations/index.js';
import { evaluateSla } from './sla.service.js';
import { listUnresolvedOfTeam } from './sla-state.repository.js';

const Id = Type.Integer({ minimum: 1 });

/** The job that re-checks one conversation's clocks when a warning or due time comes. */
export const slaCheck = {
  kind: 'sla.check',
  payload: Type.Object({ organisationId: Id, conversationId: Id }),
};

/**
 * The warning/breach check at a scheduled instant. It re-reads the history rather than trusting
 * the job: a reply or a pause since it was queued simply leaves nothing to do.
 */
export const slaCheckJob = defineJob({
  ...slaCheck,
  async handle(trx, { organisationId, conversationId }, { now, emit }) {
    emit(await evaluateSla(trx, organisationId, [conversationId], now));
  },
});

/** A person changed status, team, priority or assignee: the clocks follow. */
export const conversationChangedJob = defineJob({
  ...conversationChanged,
  async handle(trx, { organisationId, conversationIds }, { now, emit }) {
    emit(await evaluateSla(trx, organisationId, conversationIds, now));
  },
});

/** A team's business hours changed: every unresolved conversation of the team gets new due times. */
export const calendarChangedJob = defineJob({
  ...calendarChanged,
  async handle(trx, { organisationId, teamId }, { now, emit }) {
    const ids = await listUnresolvedOfTeam(trx, organisationId, teamId);
    emit(await evaluateSla(trx, organisationId, ids, now));
  },
});

export const slaJobs = [slaCheckJob, conversationChangedJob, calendarChangedJob];
