import type { Kysely } from 'kysely';
import type { Database, Priority } from '../../platform/database/schema.js';
import { scopeOnly } from '../../platform/database/scope-column.js';

/** A recent conversation with what SLA policies match on and how it was answered. */
export interface RecentSlaConversation {
  id: number;
  createdAt: number;
  channelAccountId: number;
  teamId: number | null;
  priority: Priority;
  tier: string | null;
  /** The policy that applies today, if any. */
  policyId: number | null;
  firstInboundAt: number | null;
  /** Calendar milliseconds to the first reply; null when not answered (yet). */
  firstResponseMs: number | null;
}

/** The organisation's latest `limit` conversations, newest first (reads only, three queries). */
export async function recentSlaConversations(
  db: Kysely<Database>,
  organisationId: number,
  limit: number,
): Promise<RecentSlaConversation[]> {
  const rows = await db
    .selectFrom('conversations')
    .leftJoin('contacts', 'contacts.id', 'conversations.contact_id')
    .leftJoin('conversation_sla', 'conversation_sla.conversation_id', 'conversations.id')
    .select([
      'conversations.id',
      'conversations.created_at',
      'conversations.channel_account_id',
      'conversations.team_id',
      'conversations.priority',
      'contacts.tier',
      'conversation_sla.policy_id',
    ])
    .where('conversations.organisation_id', '=', organisationId)
    .orderBy('conversations.created_at', 'desc')
    .orderBy('conversations.id', 'desc')
    .limit(limit)
    .execute();
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  // First customer message and first public reply of each, from the messages themselves.
  const firsts = await db
    .selectFrom('messages')
    .select(['conversation_id', 'direction', (eb) => eb.fn.min('created_at').as('first_at')])
    .where(scopeOnly('organisation_id'), '=', organisationId)
    .where('conversation_id', 'in', ids)
    .where('is_private_note', '=', 0)
    .groupBy(['conversation_id', 'direction'])
    .execute();
  const inbound = new Map<number, number>();
  const outbound = new Map<number, number>();
  for (const row of firsts) {
    (row.direction === 'inbound' ? inbound : outbound).set(
      row.conversation_id,
      Number(row.first_at),
    );
  }
  return rows.map((row) => {
    const firstInboundAt = inbound.get(row.id) ?? null;
    const firstReplyAt = outbound.get(row.id);
    return {
      id: row.id,
      createdAt: row.created_at,
      channelAccountId: row.channel_account_id,
      teamId: row.team_id,
      priority: row.priority,
      tier: row.tier ?? null,
      policyId: row.policy_id ?? null,
      firstInboundAt,
      firstResponseMs:
        firstInboundAt === null || firstReplyAt === undefined || firstReplyAt < firstInboundAt
          ? null
          : firstReplyAt - firstInboundAt,
    };
  });
}
