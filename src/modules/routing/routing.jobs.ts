import { Type } from '@sinclair/typebox';
import type { Kysely } from 'kysely';
import type { DialectName } from '../../platform/database/connection.js';
import type { Database } from '../../platform/database/schema.js';
import { defineJob } from '../../platform/jobs/job-definition.js';
import { enqueueUnlessWaiting } from '../../platform/jobs/job-queue.js';
import { assignmentEvents, runAssignment } from './assignment.service.js';
import { checkPresence } from './availability.service.js';
import { handBack } from './follow-the-sun.service.js';
import { markOwn } from './routing-own-events.js';
import { defaultTeamHoursSource } from './team-hours.js';

const Id = Type.Integer({ minimum: 1 });

/** teamId null: every team of the organisation that has waiting conversations. */
const AssignPayload = Type.Object({ organisationId: Id, teamId: Type.Union([Id, Type.Null()]) });
const HandBackPayload = Type.Object({ organisationId: Id, teamId: Id });
const PresenceCheckPayload = Type.Object({ organisationId: Id, userId: Id });

function offlineWindow(minutes: number): number {
  return minutes * 60_000;
}

export const assignJob = defineJob({
  kind: 'routing.assign',
  payload: AssignPayload,
  async handle(trx, { organisationId, teamId }, { config, now, emit }) {
    const assignments = await runAssignment(
      trx,
      organisationId,
      teamId,
      now,
      offlineWindow(config.agentOfflineMinutes),
    );
    emit(markOwn(assignmentEvents(organisationId, assignments)));
  },
});

/** A team's shift starts: the conversations lent to other teams while it was closed come back. */
export const handBackJob = defineJob({
  kind: 'routing.hand-back',
  payload: HandBackPayload,
  async handle(trx, { organisationId, teamId }, { dialect, now, emit }) {
    const { events } = await handBack(
      trx,
      dialect,
      organisationId,
      teamId,
      now,
      defaultTeamHoursSource,
    );
    emit(markOwn(events));
  },
});

/** An available agent's activity window ran out: offline unless they were seen since. */
export const presenceCheckJob = defineJob({
  kind: 'routing.presence-check',
  payload: PresenceCheckPayload,
  async handle(trx, { organisationId, userId }, { dialect, config, now, emit }) {
    const events = await checkPresence(
      trx,
      dialect,
      organisationId,
      userId,
      now,
      offlineWindow(config.agentOfflineMinutes),
    );
    emit(markOwn(events));
  },
});

export const routingJobs = [assignJob, handBackJob, presenceCheckJob];

export const assignJobKind = assignJob.kind;
export const handBackJobKind = handBackJob.kind;
export const presenceCheckJobKind = presenceCheckJob.kind;

/**
 * Queues an assignment run (teamId null: every team) unless one for the same scope is already
 * waiting to start; see `enqueueUnlessWaiting`.
 */
export async function enqueueAssignment(
  trx: Kysely<Database>,
  dialect: DialectName,
  payload: { organisationId: number; teamId: number | null },
  now = Date.now(),
): Promise<void> {
  await enqueueUnlessWaiting(
    trx,
    dialect,
    assignJob.kind,
    { organisationId: payload.organisationId, teamId: payload.teamId },
    now,
  );
}
