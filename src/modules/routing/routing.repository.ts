import type { Kysely } from 'kysely';
import { chunksOf } from '../../platform/database/chunks.js';
import type { Database, Priority } from '../../platform/database/schema.js';
import { scopeOnly } from '../../platform/database/scope-column.js';

/** Conversation writes routing makes, set-at-a-time (chunked for SQLite's parameter limit). */

export async function loadContactTiers(
  db: Kysely<Database>,
  organisationId: number,
  contactIds: number[],
): Promise<Map<number, string | null>> {
  const tiers = new Map<number, string | null>();
  for (const chunk of chunksOf(contactIds)) {
    const rows = await db
      .selectFrom('contacts')
      .select(['id', 'tier'])
      .where(scopeOnly('organisation_id'), '=', organisationId)
      .where('id', 'in', chunk)
      .execute();
    for (const row of rows) tiers.set(row.id, row.tier);
  }
  return tiers;
}

/** Moves conversations to `teamId`, but only those still in `fromTeamId` and unassigned. */
export async function moveUnassignedConversations(
  db: Kysely<Database>,
  organisationId: number,
  ids: number[],
  fromTeamId: number | null,
  teamId: number,
  now: number,
): Promise<number[]> {
  const moved: number[] = [];
  for (const chunk of chunksOf(ids)) {
    let query = db
      .updateTable('conversations')
      .set({ team_id: teamId, updated_at: now })
      .where(scopeOnly('organisation_id'), '=', organisationId)
      .where('id', 'in', chunk)
      .where('assignee_id', 'is', null);
    query =
      fromTeamId === null
        ? query.where('team_id', 'is', null)
        : query.where('team_id', '=', fromTeamId);
    const rows = await query.returning('id').execute();
    moved.push(...rows.map((row) => row.id));
  }
  return moved;
}

export async function setConversationPriority(
  db: Kysely<Database>,
  organisationId: number,
  ids: number[],
  priority: Priority,
  now: number,
): Promise<void> {
  for (const chunk of chunksOf(ids)) {
    await db
      .updateTable('conversations')
      .set({ priority, updated_at: now })
      .where(scopeOnly('organisation_id'), '=', organisationId)
      .where('id', 'in', chunk)
      .execute();
  }
}

/** Applies labels; a label deleted since the rule was written is skipped, not linked. */
export async function addConversationLabels(
  db: Kysely<Database>,
  organisationId: number,
  wanted: { conversationId: number; labelId: number }[],
  now: number,
): Promise<{ conversationId: number; labelId: number }[]> {
  const labelIds = [...new Set(wanted.map((pair) => pair.labelId))];
  const existing =
    labelIds.length === 0
      ? new Set<number>()
      : new Set(
          (
            await db
              .selectFrom('labels')
              .select('id')
              .where(scopeOnly('organisation_id'), '=', organisationId)
              .where('id', 'in', labelIds)
              .execute()
          ).map((row) => row.id),
        );
  const pairs = wanted.filter((pair) => existing.has(pair.labelId));
  for (const chunk of chunksOf(pairs)) {
    await db
      .insertInto('conversation_labels')
      .values(
        chunk.map((pair) => ({
          conversation_id: pair.conversationId,
          label_id: pair.labelId,
          organisation_id: organisationId,
          created_at: now,
        })),
      )
      .onConflict((conflict) => conflict.columns(['conversation_id', 'label_id']).doNothing())
      .execute();
  }
  return pairs;
}

/**
 * Stored conversations among `ids` that wait in a team queue (open, unassigned, with a team):
 * a customer reply reopened them, so assignment must look at their team again.
 */
export async function findQueuedTeams(
  db: Kysely<Database>,
  organisationId: number,
  ids: number[],
): Promise<Set<number>> {
  const teams = new Set<number>();
  for (const chunk of chunksOf(ids)) {
    const rows = await db
      .selectFrom('conversations')
      .select('team_id')
      .distinct()
      .where(scopeOnly('organisation_id'), '=', organisationId)
      .where('id', 'in', chunk)
      .where('status', '=', 'open')
      .where('assignee_id', 'is', null)
      .where('team_id', 'is not', null)
      .execute();
    for (const row of rows) if (row.team_id !== null) teams.add(row.team_id);
  }
  return teams;
}
