import { type Kysely, sql } from 'kysely';
import { chunksOf } from '../../platform/database/chunks.js';
import type { Database } from '../../platform/database/schema.js';

export async function listFollowTheSunRules(db: Kysely<Database>, organisationId: number) {
  return db
    .selectFrom('follow_the_sun_rules')
    .select(['team_id', 'handoff_team_id', 'enabled', 'handback_at', 'updated_at'])
    .where('organisation_id', '=', organisationId)
    .orderBy('team_id')
    .execute();
}

/** Enabled hand-off rules of the given owner teams: owner team id -> on-shift team id. */
export async function findHandoffTeams(
  db: Kysely<Database>,
  organisationId: number,
  teamIds: number[],
): Promise<Map<number, number>> {
  if (teamIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('follow_the_sun_rules')
    .select(['team_id', 'handoff_team_id'])
    .where('organisation_id', '=', organisationId)
    .where('team_id', 'in', teamIds)
    .where('enabled', '=', 1)
    .execute();
  return new Map(rows.map((row) => [row.team_id, row.handoff_team_id]));
}

export async function upsertFollowTheSunRule(
  db: Kysely<Database>,
  organisationId: number,
  teamId: number,
  handoffTeamId: number,
  enabled: boolean,
  now: number,
): Promise<void> {
  await db
    .insertInto('follow_the_sun_rules')
    .values({
      team_id: teamId,
      organisation_id: organisationId,
      handoff_team_id: handoffTeamId,
      enabled: enabled ? 1 : 0,
      handback_at: null,
      created_at: now,
      updated_at: now,
    })
    .onConflict((conflict) =>
      conflict
        .column('team_id')
        .doUpdateSet({ handoff_team_id: handoffTeamId, enabled: enabled ? 1 : 0, updated_at: now }),
    )
    .execute();
}

export async function deleteFollowTheSunRule(
  db: Kysely<Database>,
  organisationId: number,
  teamId: number,
): Promise<boolean> {
  const result = await db
    .deleteFrom('follow_the_sun_rules')
    .where('organisation_id', '=', organisationId)
    .where('team_id', '=', teamId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/**
 * Records that the owner team's hand-back is due at `at`; returns false when exactly that
 * hand-back is already scheduled, so each opening gets one job however many conversations were
 * handed off before it.
 */
export async function claimHandBack(
  db: Kysely<Database>,
  teamId: number,
  at: number,
): Promise<boolean> {
  const result = await db
    .updateTable('follow_the_sun_rules')
    .set({ handback_at: at })
    .where('team_id', '=', teamId)
    .where((eb) => eb.or([eb('handback_at', 'is', null), eb('handback_at', '!=', at)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function clearHandBack(db: Kysely<Database>, teamId: number, now: number) {
  await db
    .updateTable('follow_the_sun_rules')
    .set({ handback_at: null })
    .where('team_id', '=', teamId)
    .where('handback_at', '<=', now)
    .execute();
}

export async function insertHandoffs(
  db: Kysely<Database>,
  rows: {
    conversation_id: number;
    organisation_id: number;
    owner_team_id: number;
    handoff_team_id: number;
    handed_off_at: number;
  }[],
): Promise<void> {
  for (const chunk of chunksOf(rows)) {
    await db
      .insertInto('conversation_handoffs')
      .values(chunk.map((row) => ({ ...row, closed_at: null, outcome: null })))
      .onConflict((conflict) => conflict.column('conversation_id').doNothing())
      .execute();
  }
}

/**
 * Hand-offs of an owner team still waiting for the hand-back, with what decides it: where the
 * conversation is now, whether someone holds it and whether the organisation has answered.
 */
export async function findOpenHandoffs(
  db: Kysely<Database>,
  organisationId: number,
  ownerTeamId: number,
) {
  const rows = await db
    .selectFrom('conversation_handoffs as h')
    .leftJoin('conversations as c', 'c.id', 'h.conversation_id')
    .select([
      'h.conversation_id',
      'h.handoff_team_id',
      'c.id as existing_id',
      'c.team_id',
      'c.assignee_id',
      'c.status',
      sql<number>`case when exists (select 1 from messages m where m.conversation_id = h.conversation_id and m.direction = 'outbound' and m.is_private_note = 0) then 1 else 0 end`.as(
        'answered',
      ),
    ])
    .where('h.organisation_id', '=', organisationId)
    .where('h.owner_team_id', '=', ownerTeamId)
    .where('h.closed_at', 'is', null)
    .execute();
  return rows.map((row) => ({ ...row, answered: Number(row.answered) === 1 }));
}

export async function closeHandoffs(
  db: Kysely<Database>,
  conversationIds: number[],
  outcome: 'returned' | 'kept',
  now: number,
): Promise<void> {
  for (const chunk of chunksOf(conversationIds)) {
    await db
      .updateTable('conversation_handoffs')
      .set({ closed_at: now, outcome })
      .where('conversation_id', 'in', chunk)
      .execute();
  }
}
