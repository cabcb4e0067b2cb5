import type { AppContext } from '../../platform/context.js';
import { withTransaction } from '../../platform/database/connection.js';
import type { Priority } from '../../platform/database/schema.js';
import { AppError, type FieldProblem, notFound } from '../../platform/errors.js';
import { recordAudit } from '../audit/index.js';
import { actorOf, type Principal } from '../auth/index.js';
import { findTeamById, requireTeam } from '../teams/index.js';
import { contactAttributeNames, keywordPattern, type RuleConditions } from './routing-rule.js';
import {
  deleteRule,
  existingChannelAccountIds,
  findDefaultTeamId,
  findRule,
  insertRule,
  labelExists,
  listRules,
  type RuleValues,
  type StoredRule,
  updateRule,
  writeDefaultTeamId,
  writePositions,
} from './routing-rule.repository.js';

export interface RuleInput {
  name: string;
  enabled?: boolean;
  conditions: RuleConditions;
  team_id: number;
  priority?: Priority | null;
  label_id?: number | null;
  /** 1-based place in the list; the end when omitted. */
  position?: number;
}

/** Checks what the JSON schema cannot: that referenced rows exist in this organisation. */
export async function validateRule(context: AppContext, organisationId: number, input: RuleInput) {
  const { db } = context.database;
  const problems: FieldProblem[] = [];
  const { conditions } = input;
  if (!(await findTeamById(db, organisationId, input.team_id))) {
    problems.push({ path: 'body/team_id', message: 'no team with this id' });
  }
  const accounts = conditions.channel_account_ids ?? [];
  const known = await existingChannelAccountIds(db, organisationId, accounts);
  for (const [index, id] of accounts.entries()) {
    if (!known.has(id)) {
      problems.push({
        path: `body/conditions/channel_account_ids/${index}`,
        message: 'no channel account with this id',
      });
    }
  }
  if (conditions.keywords && keywordPattern(conditions.keywords) === null) {
    problems.push({ path: 'body/conditions/keywords', message: 'give at least one keyword' });
  }
  for (const name of Object.keys(conditions.contact_attributes ?? {})) {
    if (!(contactAttributeNames as readonly string[]).includes(name)) {
      problems.push({
        path: `body/conditions/contact_attributes/${name}`,
        message: `unknown contact attribute; known: ${contactAttributeNames.join(', ')}`,
      });
    }
  }
  if (input.label_id !== undefined && input.label_id !== null) {
    if (!(await labelExists(db, organisationId, input.label_id))) {
      problems.push({ path: 'body/label_id', message: 'no label with this id' });
    }
  }
  if (problems.length > 0)
    throw new AppError('validation_failed', 'invalid routing rule', problems);
}

function valuesOf(input: RuleInput): RuleValues {
  return {
    name: input.name,
    enabled: input.enabled ?? true,
    conditions: input.conditions,
    teamId: input.team_id,
    priority: input.priority ?? null,
    labelId: input.label_id ?? null,
  };
}

/** Places `id` at `position` (1-based, clamped) among the others and renumbers 1..n. */
function reordered(ids: number[], id: number, position: number | undefined): number[] {
  const others = ids.filter((other) => other !== id);
  const index = position === undefined ? others.length : Math.min(others.length, position - 1);
  others.splice(Math.max(0, index), 0, id);
  return others;
}

export async function createRule(context: AppContext, principal: Principal, input: RuleInput) {
  const organisationId = principal.organisationId;
  await validateRule(context, organisationId, input);
  const now = Date.now();
  const id = await withTransaction(context.database, async (trx) => {
    const existing = await listRules(trx, organisationId);
    const ruleId = await insertRule(trx, organisationId, valuesOf(input), existing.length + 1, now);
    const order = reordered(
      existing.map((rule) => rule.id),
      ruleId,
      input.position,
    );
    await writePositions(trx, organisationId, order);
    await recordAudit(trx, {
      organisationId,
      actor: actorOf(principal),
      action: 'routing_rule.created',
      subjectType: 'routing_rule',
      subjectId: ruleId,
      changes: { ...input },
    });
    return ruleId;
  });
  return (await findRule(context.database.db, organisationId, id)) as StoredRule;
}

export async function changeRule(
  context: AppContext,
  principal: Principal,
  id: number,
  input: Partial<RuleInput>,
) {
  const organisationId = principal.organisationId;
  const before = await findRule(context.database.db, organisationId, id);
  if (!before) throw notFound('routing rule');
  const merged: RuleInput = {
    name: input.name ?? before.name,
    enabled: input.enabled ?? before.enabled,
    conditions: input.conditions ?? before.conditions,
    team_id: input.team_id ?? before.action.teamId,
    priority: input.priority === undefined ? before.action.priority : input.priority,
    label_id: input.label_id === undefined ? before.action.labelId : input.label_id,
    ...(input.position === undefined ? {} : { position: input.position }),
  };
  await validateRule(context, organisationId, merged);
  await withTransaction(context.database, async (trx) => {
    await updateRule(trx, organisationId, id, valuesOf(merged), Date.now());
    if (input.position !== undefined) {
      const ids = (await listRules(trx, organisationId)).map((rule) => rule.id);
      await writePositions(trx, organisationId, reordered(ids, id, input.position));
    }
    await recordAudit(trx, {
      organisationId,
      actor: actorOf(principal),
      action: 'routing_rule.updated',
      subjectType: 'routing_rule',
      subjectId: id,
      changes: { ...input },
    });
  });
  return (await findRule(context.database.db, organisationId, id)) as StoredRule;
}

export async function removeRule(context: AppContext, principal: Principal, id: number) {
  const organisationId = principal.organisationId;
  const before = await findRule(context.database.db, organisationId, id);
  if (!before) throw notFound('routing rule');
  await withTransaction(context.database, async (trx) => {
    await deleteRule(trx, organisationId, id);
    const ids = (await listRules(trx, organisationId)).map((rule) => rule.id);
    await writePositions(trx, organisationId, ids);
    await recordAudit(trx, {
      organisationId,
      actor: actorOf(principal),
      action: 'routing_rule.deleted',
      subjectType: 'routing_rule',
      subjectId: id,
      changes: { name: before.name },
    });
  });
}

/** Sets the whole order at once; `ids` must name every rule exactly once. */
export async function reorderRules(context: AppContext, principal: Principal, ids: number[]) {
  const organisationId = principal.organisationId;
  await withTransaction(context.database, async (trx) => {
    const current = (await listRules(trx, organisationId)).map((rule) => rule.id);
    const same =
      ids.length === current.length &&
      new Set(ids).size === ids.length &&
      ids.every((id) => current.includes(id));
    if (!same) {
      throw new AppError('validation_failed', 'the order must list every rule exactly once', [
        {
          path: 'body/ids',
          message: `expected a permutation of ${current.join(', ') || '(none)'}`,
        },
      ]);
    }
    await writePositions(trx, organisationId, ids);
    await recordAudit(trx, {
      organisationId,
      actor: actorOf(principal),
      action: 'routing_rule.reordered',
      subjectType: 'routing_rule',
      subjectId: null,
      changes: { ids },
    });
  });
  return listRules(context.database.db, organisationId);
}

/** Routing rules in the order they are evaluated. */
export async function rulesOf(context: AppContext, principal: Principal) {
  return listRules(context.database.db, principal.organisationId);
}

export async function getDefaultTeam(context: AppContext, principal: Principal) {
  return findDefaultTeamId(context.database.db, principal.organisationId);
}

export async function setDefaultTeam(
  context: AppContext,
  principal: Principal,
  teamId: number | null,
) {
  const organisationId = principal.organisationId;
  const { db } = context.database;
  if (teamId !== null) await requireTeam(db, organisationId, teamId, 'body/default_team_id');
  const before = await findDefaultTeamId(db, organisationId);
  await writeDefaultTeamId(db, organisationId, teamId, Date.now());
  await recordAudit(db, {
    organisationId,
    actor: actorOf(principal),
    action: 'routing_settings.updated',
    subjectType: 'organisation',
    subjectId: organisationId,
    changes: { default_team_id: { from: before, to: teamId } },
  });
  return teamId;
}
