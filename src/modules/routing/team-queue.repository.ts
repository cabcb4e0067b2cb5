import { type Kysely, sql } from 'kysely';
import type { Database } from '../../platform/database/schema.js';

/**
 * A team's queue: its open conversations nobody holds, most urgent first. Urgency is the SLA due
 * time the SLA engine keeps in conversation_sla.next_due_at (the earliest running clock);
 * conversations without a running clock follow, by priority and then by how long the customer
 * has been waiting. Auto-assignment and GET /teams/:id/queue share this one ordering.
 */
export function queueQuery(db: Kysely<Database>, organisationId: number, teamId: number) {
  return db
    .selectFrom('conversations as c')
    .leftJoin('conversation_sla as s', 's.conversation_id', 'c.id')
    .select([
      'c.id',
      'c.status',
      'c.priority',
      'c.channel_account_id',
      'c.contact_id',
      'c.message_count',
      'c.first_message_at',
      'c.last_message_at',
      'c.last_inbound_at',
      's.next_due_at',
    ])
    .where('c.organisation_id', '=', organisationId)
    .where('c.team_id', '=', teamId)
    .where('c.status', '=', 'open')
    .where('c.assignee_id', 'is', null)
    .orderBy(sql`case when s.next_due_at is null then 1 else 0 end`)
    .orderBy('s.next_due_at')
    .orderBy(
      sql`case c.priority when 'urgent' then 0 when 'high' then 1 when 'normal' then 2 else 3 end`,
    )
    .orderBy('c.first_message_at')
    .orderBy('c.id');
}

export type QueueRow = Awaited<ReturnType<ReturnType<typeof queueQuery>['execute']>>[number];

export async function listQueue(
  db: Kysely<Database>,
  organisationId: number,
  teamId: number,
  limit: number,
): Promise<QueueRow[]> {
  return queueQuery(db, organisationId, teamId).limit(limit).execute();
}

export async function countQueue(db: Kysely<Database>, organisationId: number, teamId: number) {
  const row = await db
    .selectFrom('conversations')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('organisation_id', '=', organisationId)
    .where('team_id', '=', teamId)
    .where('status', '=', 'open')
    .where('assignee_id', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Teams with at least one conversation waiting, for an organisation-wide assignment run. */
export async function teamsWithQueue(db: Kysely<Database>, organisationId: number) {
  const rows = await db
    .selectFrom('conversations')
    .select('team_id')
    .distinct()
    .where('organisation_id', '=', organisationId)
    .where('status', '=', 'open')
    .where('assignee_id', 'is', null)
    .where('team_id', 'is not', null)
    .execute();
  return rows.flatMap((row) => (row.team_id === null ? [] : [row.team_id]));
}
