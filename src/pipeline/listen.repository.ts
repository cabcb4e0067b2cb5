import type { Kysely } from 'kysely';
import { chunksOf } from '../platform/database/chunks.js';
import type { Database } from '../platform/database/schema.js';
import { scopeOnly } from '../platform/database/scope-column.js';

export interface UnlistenedMessage {
  id: number;
  text: string;
  created_at: number;
  author_contact_id: number | null;
  author_handle: string | null;
  sentiment: string | null;
  sentiment_score: number | null;
}

/** Ids per statement: keeps statements under SQLite's bound-parameter limit. */
const chunk = 500;

/**
 * The organisation's messages among `messageIds` that have not been listened to: the themes stage
 * writes a theme_messages row for every message it places (with or without a theme), in the same
 * transaction as all the rest of its effects, so the row is the mark. In id order.
 */
export async function loadUnlistenedMessages(
  trx: Kysely<Database>,
  organisationId: number,
  messageIds: number[],
): Promise<UnlistenedMessage[]> {
  const result: UnlistenedMessage[] = [];
  for (const ids of chunksOf(messageIds, chunk)) {
    const rows = await trx
      .selectFrom('messages')
      .select([
        'id',
        'text',
        'created_at',
        'author_contact_id',
        'author_handle',
        'sentiment',
        'sentiment_score',
      ])
      .where('id', 'in', ids)
      .where(scopeOnly('organisation_id'), '=', organisationId)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('theme_messages')
              .select('theme_messages.message_id')
              .whereRef('theme_messages.message_id', '=', 'messages.id'),
          ),
        ),
      )
      .execute();
    result.push(...rows);
  }
  return result.sort((a, b) => a.id - b.id);
}
