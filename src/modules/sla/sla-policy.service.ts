import type { AppContext } from '../../platform/context.js';
import { type DatabaseHandle, withTransaction } from '../../platform/database/connection.js';
import { AppError, type FieldProblem, notFound } from '../../platform/errors.js';
import { recordAudit } from '../audit/index.js';
import { actorOf, type Principal } from '../auth/index.js';
import { enqueueConversationChanged } from '../conversations/index.js';
import { findTeamById } from '../teams/index.js';
import type { SlaPolicy } from './sla-policy.js';
import {
  deletePolicy,
  insertPolicy,
  listPolicies,
  type PolicyInput,
  updatePolicy,
} from './sla-policy.repository.js';

/** Conversations re-evaluated per queued job after a policy change. */
const conversationsPerJob = 500;

async function validate(context: AppContext, organisationId: number, input: PolicyInput) {
  const problems: FieldProblem[] = [];
  if (
    input.firstResponseMs === null &&
    input.nextResponseMs === null &&
    input.resolutionMs === null
  ) {
    problems.push({ path: 'body', message: 'set at least one target' });
  }
  const { db } = context.database;
  const teams = [
    ...(input.conditions.team_ids ?? []).map((id, index) => ({
      id,
      path: `body/conditions/team_ids/${index}`,
    })),
    ...(input.escalation.reassign_team_id === undefined
      ? []
      : [{ id: input.escalation.reassign_team_id, path: 'body/escalation/reassign_team_id' }]),
  ];
  for (const team of teams) {
    if (!(await findTeamById(db, organisationId, team.id))) {
      problems.push({ path: team.path, message: 'no team with this id' });
    }
  }
  const userIds = input.escalation.notify_user_ids ?? [];
  if (userIds.length > 0) {
    const found = await db
      .selectFrom('users')
      .select('id')
      .where('organisation_id', '=', organisationId)
      .where('id', 'in', userIds)
      .execute();
    const known = new Set(found.map((row) => row.id));
    userIds.forEach((id, index) => {
      if (!known.has(id)) {
        problems.push({
          path: `body/escalation/notify_user_ids/${index}`,
          message: 'no user with this id',
        });
      }
    });
  }
  if (problems.length > 0)
    throw new AppError('validation_failed', 'the SLA policy is not valid', problems);
}

/** Every unresolved conversation is evaluated again under the new set of policies. */
async function requeueUnresolved(
  trx: Parameters<typeof enqueueConversationChanged>[0],
  organisationId: number,
) {
  const rows = await trx
    .selectFrom('conversations')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('status', '!=', 'resolved')
    .execute();
  for (let start = 0; start < rows.length; start += conversationsPerJob) {
    const ids = rows.slice(start, start + conversationsPerJob).map((row) => row.id);
    await enqueueConversationChanged(trx, organisationId, ids);
  }
}

async function write(
  context: AppContext,
  principal: Principal,
  action: string,
  subjectId: number | null,
  work: Parameters<typeof withTransaction<number>>[1],
  changes: Record<string, unknown>,
): Promise<number> {
  return withTransaction(context.database, async (trx) => {
    const id = await work(trx);
    await requeueUnresolved(trx, principal.organisationId);
    await recordAudit(trx, {
      organisationId: principal.organisationId,
      actor: actorOf(principal),
      action,
      subjectType: 'sla_policy',
      subjectId: subjectId ?? id,
      changes,
    });
    return id;
  });
}

export async function createPolicy(
  context: AppContext,
  principal: Principal,
  input: PolicyInput,
): Promise<SlaPolicy> {
  await validate(context, principal.organisationId, input);
  const id = await write(
    context,
    principal,
    'sla_policy.created',
    null,
    (trx) => insertPolicy(trx, principal.organisationId, input, Date.now()),
    { ...input },
  );
  return { id, ...input };
}

export async function replacePolicy(
  context: AppContext,
  principal: Principal,
  id: number,
  input: PolicyInput,
): Promise<SlaPolicy> {
  await validate(context, principal.organisationId, input);
  await write(
    context,
    principal,
    'sla_policy.updated',
    id,
    async (trx) => {
      if (!(await updatePolicy(trx, principal.organisationId, id, input, Date.now())))
        throw notFound('SLA policy');
      return id;
    },
    { ...input },
  );
  return { id, ...input };
}

export async function removePolicy(
  context: AppContext,
  principal: Principal,
  id: number,
): Promise<void> {
  await write(
    context,
    principal,
    'sla_policy.deleted',
    id,
    async (trx) => {
      if (!(await deletePolicy(trx, principal.organisationId, id))) throw notFound('SLA policy');
      return id;
    },
    {},
  );
}

export async function policiesOf(context: AppContext, principal: Principal): Promise<SlaPolicy[]> {
  return listPolicies(context.database.db, principal.organisationId);
}

/**
 * Creates the policies no policy of the organisation is named like yet, and returns how many it
 * created (for the demo, which may run again on an instance whose admin edited them since).
 */
export async function ensurePolicies(
  database: DatabaseHandle,
  organisationId: number,
  inputs: readonly PolicyInput[],
): Promise<number> {
  return withTransaction(database, async (trx) => {
    const existing = new Set(
      (await listPolicies(trx, organisationId)).map((policy) => policy.name),
    );
    const missing = inputs.filter((input) => !existing.has(input.name));
    const now = Date.now();
    for (const input of missing) {
      const id = await insertPolicy(trx, organisationId, input, now);
      await recordAudit(trx, {
        organisationId,
        actor: { type: 'system', id: null },
        action: 'sla_policy.created',
        subjectType: 'sla_policy',
        subjectId: id,
        changes: { ...input },
      });
    }
    if (missing.length > 0) await requeueUnresolved(trx, organisationId);
    return missing.length;
  });
}
