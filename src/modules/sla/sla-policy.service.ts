import type { AppContext } from '../../platform/context.js';
import { chunksOf } from '../../platform/database/chunks.js';
import { type DatabaseHandle, withTransaction } from '../../platform/database/connection.js';
import { AppError, type FieldProblem, notFound } from '../../platform/errors.js';
import { recordAudit } from '../audit/index.js';
import { actorOf, type Principal } from '../auth/index.js';
import { enqueueConversationChanged } from '../conversations/index.js';
import { findTeamById } from '../teams/index.js';
import type { SlaPolicy } from './sla-policy.js';
import {
  deletePolicy,
  findUserIds,
  insertPolicy,
  listPolicies,
  type PolicyDraft,
  type PolicyInput,
  updatePolicy,
} from './sla-policy.repository.js';
import { listUnresolved } from './sla-state.repository.js';

/** Conversations re-evaluated per queued job after a policy change. */
const conversationsPerJob = 500;

export async function validatePolicy(
  context: AppContext,
  organisationId: number,
  input: PolicyInput,
) {
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
  const known = await findUserIds(db, organisationId, userIds);
  userIds.forEach((id, index) => {
    if (!known.has(id)) {
      problems.push({
        path: `body/escalation/notify_user_ids/${index}`,
        message: 'no user with this id',
      });
    }
  });
  if (problems.length > 0)
    throw new AppError('validation_failed', 'the SLA policy is not valid', problems);
}

/** Every unresolved conversation is evaluated again under the new set of policies. */
async function requeueUnresolved(
  trx: Parameters<typeof enqueueConversationChanged>[0],
  organisationId: number,
) {
  const ids = await listUnresolved(trx, organisationId);
  for (const chunk of chunksOf(ids, conversationsPerJob)) {
    await enqueueConversationChanged(trx, organisationId, chunk);
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

/** Adds a policy; without a position it is tried after every existing one. */
export async function createPolicy(
  context: AppContext,
  principal: Principal,
  draft: PolicyDraft,
): Promise<SlaPolicy> {
  const existing = await listPolicies(context.database.db, principal.organisationId);
  const input: PolicyInput = {
    ...draft,
    position: draft.position ?? Math.max(-1, ...existing.map((policy) => policy.position)) + 1,
  };
  await validatePolicy(context, principal.organisationId, input);
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

/** Replaces a policy; without a position it keeps its place. */
export async function replacePolicy(
  context: AppContext,
  principal: Principal,
  id: number,
  draft: PolicyDraft,
): Promise<SlaPolicy> {
  const current = (await listPolicies(context.database.db, principal.organisationId)).find(
    (policy) => policy.id === id,
  );
  if (!current) throw notFound('SLA policy');
  const input: PolicyInput = { ...draft, position: draft.position ?? current.position };
  await validatePolicy(context, principal.organisationId, input);
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
