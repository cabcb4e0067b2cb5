import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.js';
import type { SlaConditions, SlaEscalation, SlaPolicy } from './sla-policy.js';

type PolicyRow = Awaited<ReturnType<typeof selectPolicies>>[number];

function selectPolicies(db: Kysely<Database>, organisationId: number) {
  return db
    .selectFrom('sla_policies')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .orderBy('position')
    .orderBy('id')
    .execute();
}

function toPolicy(row: PolicyRow): SlaPolicy {
  return {
    id: row.id,
    name: row.name,
    position: row.position,
    conditions: JSON.parse(row.conditions) as SlaConditions,
    firstResponseMs: row.first_response_ms,
    nextResponseMs: row.next_response_ms,
    resolutionMs: row.resolution_ms,
    businessHours: row.business_hours === 1,
    warningPercent: row.warning_percent,
    escalation: JSON.parse(row.escalation) as SlaEscalation,
  };
}

export async function listPolicies(
  db: Kysely<Database>,
  organisationId: number,
): Promise<SlaPolicy[]> {
  return (await selectPolicies(db, organisationId)).map(toPolicy);
}

export type PolicyInput = Omit<SlaPolicy, 'id'>;

/** A policy to create or replace; without a position it keeps its place (or goes last). */
export type PolicyDraft = Omit<PolicyInput, 'position'> & { position?: number | undefined };

function columns(input: PolicyInput, now: number) {
  return {
    name: input.name,
    position: input.position,
    conditions: JSON.stringify(input.conditions),
    first_response_ms: input.firstResponseMs,
    next_response_ms: input.nextResponseMs,
    resolution_ms: input.resolutionMs,
    business_hours: input.businessHours ? 1 : 0,
    warning_percent: input.warningPercent,
    escalation: JSON.stringify(input.escalation),
    updated_at: now,
  };
}

export async function insertPolicy(
  db: Kysely<Database>,
  organisationId: number,
  input: PolicyInput,
  now: number,
): Promise<number> {
  const row = await db
    .insertInto('sla_policies')
    .values({ organisation_id: organisationId, created_at: now, ...columns(input, now) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updatePolicy(
  db: Kysely<Database>,
  organisationId: number,
  id: number,
  input: PolicyInput,
  now: number,
): Promise<boolean> {
  const result = await db
    .updateTable('sla_policies')
    .set(columns(input, now))
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function deletePolicy(
  db: Kysely<Database>,
  organisationId: number,
  id: number,
): Promise<boolean> {
  const result = await db
    .deleteFrom('sla_policies')
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Which of `ids` are users of the organisation. */
export async function findUserIds(
  db: Kysely<Database>,
  organisationId: number,
  ids: readonly number[],
): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('users')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('id', 'in', ids)
    .execute();
  return new Set(rows.map((row) => row.id));
}
