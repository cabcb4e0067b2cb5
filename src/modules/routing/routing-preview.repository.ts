import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.js';
import { scopeOnly } from '../../platform/database/scope-column.js';
import { loadContactTiers } from './routing.repository.js';

/** A recent conversation as routing saw it when it was created, for previews of draft rules. */
export interface RecentConversation {
  id: number;
  teamId: number | null;
  createdAt: number;
  channelAccountId: number;
  /** The founding customer message; null for a conversation an agent opened. */
  founder: { text: string; language: string | null; intent: string | null } | null;
  tier: string | null;
}

/**
 * The organisation's latest `limit` conversations with their founding customer message (its
 * first inbound, non-note message: the one routing decides on) and the contact's tier. Reads
 * only; three queries whatever the limit.
 */
export async function recentConversations(
  db: Kysely<Database>,
  organisationId: number,
  limit: number,
): Promise<RecentConversation[]> {
  const conversations = await db
    .selectFrom('conversations')
    .select(['id', 'team_id', 'channel_account_id', 'contact_id', 'created_at'])
    .where('organisation_id', '=', organisationId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  if (conversations.length === 0) return [];
  const ids = conversations.map((row) => row.id);
  const firsts = await db
    .selectFrom('messages')
    .select((eb) => eb.fn.min('id').as('id'))
    .where(scopeOnly('organisation_id'), '=', organisationId)
    .where('conversation_id', 'in', ids)
    .where('direction', '=', 'inbound')
    .where('is_private_note', '=', 0)
    .groupBy('conversation_id')
    .execute();
  const founderIds = firsts.map((row) => Number(row.id));
  const founders =
    founderIds.length === 0
      ? []
      : await db
          .selectFrom('messages')
          .select(['conversation_id', 'text', 'language', 'intent'])
          .where(scopeOnly('organisation_id'), '=', organisationId)
          .where('id', 'in', founderIds)
          .execute();
  const founderOf = new Map(founders.map((row) => [row.conversation_id, row]));
  const contactIds = [
    ...new Set(conversations.flatMap((row) => (row.contact_id === null ? [] : [row.contact_id]))),
  ];
  const tiers = await loadContactTiers(db, organisationId, contactIds);
  return conversations.map((row) => {
    const founder = founderOf.get(row.id);
    return {
      id: row.id,
      teamId: row.team_id,
      createdAt: row.created_at,
      channelAccountId: row.channel_account_id,
      founder: founder
        ? { text: founder.text, language: founder.language, intent: founder.intent }
        : null,
      tier: row.contact_id === null ? null : (tiers.get(row.contact_id) ?? null),
    };
  });
}
