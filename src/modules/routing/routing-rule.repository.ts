import type { Kysely } from 'kysely';
import type { Database, Priority } from '../../platform/database/schema.js';
import { scopeOnly } from '../../platform/database/scope-column.js';
import type { RoutingRule, RuleConditions } from './routing-rule.js';

const ruleColumns = [
  'id',
  'name',
  'position',
  'enabled',
  'conditions',
  'team_id',
  'priority',
  'label_id',
  'created_at',
  'updated_at',
] as const;

type RuleRow = {
  id: number;
  name: string;
  position: number;
  enabled: number;
  conditions: string;
  team_id: number;
  priority: Priority | null;
  label_id: number | null;
};

export interface StoredRule extends RoutingRule {
  createdAt: number;
  updatedAt: number;
}

function toRule(row: RuleRow & { created_at: number; updated_at: number }): StoredRule {
  return {
    id: row.id,
    name: row.name,
    position: row.position,
    enabled: row.enabled === 1,
    conditions: JSON.parse(row.conditions) as RuleConditions,
    action: { teamId: row.team_id, priority: row.priority, labelId: row.label_id },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function listRules(db: Kysely<Database>, organisationId: number) {
  const rows = await db
    .selectFrom('routing_rules')
    .select(ruleColumns)
    .where('organisation_id', '=', organisationId)
    .orderBy('position')
    .orderBy('id')
    .execute();
  return rows.map(toRule);
}

export async function findRule(db: Kysely<Database>, organisationId: number, id: number) {
  const row = await db
    .selectFrom('routing_rules')
    .select(ruleColumns)
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toRule(row) : undefined;
}

export interface RuleValues {
  name: string;
  enabled: boolean;
  conditions: RuleConditions;
  teamId: number;
  priority: Priority | null;
  labelId: number | null;
}

export async function insertRule(
  db: Kysely<Database>,
  organisationId: number,
  values: RuleValues,
  position: number,
  now: number,
): Promise<number> {
  const row = await db
    .insertInto('routing_rules')
    .values({
      organisation_id: organisationId,
      name: values.name,
      position,
      enabled: values.enabled ? 1 : 0,
      conditions: JSON.stringify(values.conditions),
      team_id: values.teamId,
      priority: values.priority,
      label_id: values.labelId,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateRule(
  db: Kysely<Database>,
  organisationId: number,
  id: number,
  values: RuleValues,
  now: number,
): Promise<void> {
  await db
    .updateTable('routing_rules')
    .set({
      name: values.name,
      enabled: values.enabled ? 1 : 0,
      conditions: JSON.stringify(values.conditions),
      team_id: values.teamId,
      priority: values.priority,
      label_id: values.labelId,
      updated_at: now,
    })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .execute();
}

export async function deleteRule(db: Kysely<Database>, organisationId: number, id: number) {
  await db
    .deleteFrom('routing_rules')
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .execute();
}

/** Writes positions 1..n in the given order (the caller holds the write transaction). */
export async function writePositions(
  db: Kysely<Database>,
  organisationId: number,
  orderedIds: number[],
): Promise<void> {
  for (const [index, id] of orderedIds.entries()) {
    await db
      .updateTable('routing_rules')
      .set({ position: index + 1 })
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
      .execute();
  }
}

export async function findDefaultTeamId(
  db: Kysely<Database>,
  organisationId: number,
): Promise<number | null> {
  const row = await db
    .selectFrom('routing_settings')
    .select('default_team_id')
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
  return row?.default_team_id ?? null;
}

export async function writeDefaultTeamId(
  db: Kysely<Database>,
  organisationId: number,
  teamId: number | null,
  now: number,
): Promise<void> {
  await db
    .insertInto('routing_settings')
    .values({ organisation_id: organisationId, default_team_id: teamId, updated_at: now })
    .onConflict((conflict) =>
      conflict.column('organisation_id').doUpdateSet({ default_team_id: teamId, updated_at: now }),
    )
    .execute();
}

/** Which of `ids` are rows of `table` that belong to the organisation. */
async function existingIds(
  db: Kysely<Database>,
  table: 'channel_accounts',
  organisationId: number,
  ids: number[],
): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom(table)
    .select('id')
    .where(scopeOnly('organisation_id'), '=', organisationId)
    .where('id', 'in', ids)
    .execute();
  return new Set(rows.map((row) => row.id));
}

/** Which of `ids` are channel accounts of the organisation. */
export function existingChannelAccountIds(
  db: Kysely<Database>,
  organisationId: number,
  ids: number[],
) {
  return existingIds(db, 'channel_accounts', organisationId, ids);
}

export async function labelExists(db: Kysely<Database>, organisationId: number, id: number) {
  const row = await db
    .selectFrom('labels')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row !== undefined;
}
