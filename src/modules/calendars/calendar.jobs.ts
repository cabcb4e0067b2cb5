import { Type } from '@sinclair/typebox';

const Id = Type.Integer({ minimum: 1 });

/**
 * Job queued in the same transaction as a calendar change: the SLA module's handler recomputes
 * the due times of the team's open conversations (kept as a job so a large team does not hold
 * the request, and so the recomputation survives a crash).
 */
export const calendarChanged = {
  kind: 'calendar.changed',
  payload: Type.Object({ organisationId: Id, teamId: Id }),
};
