import type { Kysely } from 'kysely';
import type { InboundMessage } from '../modules/ingest/index.js';
import type { Database } from '../platform/database/schema.js';

let sequence = 0;

/** An inbound message with sensible defaults, written for tests (no real customer text). */
export function message(overrides: Partial<InboundMessage> = {}): InboundMessage {
  sequence++;
  return {
    channel: 'twitter',
    channel_account: 'AcmeSupport',
    external_id: `m${process.pid}-${sequence}`,
    direction: 'inbound',
    author: { handle: `customer${sequence}`, name: `Customer ${sequence}` },
    text: `My order number ${sequence} has not arrived yet`,
    created_at: new Date(Date.UTC(2026, 0, 1, 12, 0, sequence)).toISOString(),
    ...overrides,
  };
}

/** The id of the conversation a stored message (by external id) belongs to. */
export async function conversationIdOf(db: Kysely<Database>, externalId: string): Promise<number> {
  const row = await db
    .selectFrom('messages')
    .select('conversation_id')
    .where('external_id', '=', externalId)
    .executeTakeFirstOrThrow();
  return row.conversation_id;
}

/** How many of `messages` are stored as messages (processed by the care path). */
export async function countStored(
  db: Kysely<Database>,
  messages: { external_id: string }[],
): Promise<number> {
  if (messages.length === 0) return 0;
  const rows = await db
    .selectFrom('messages')
    .select('external_id')
    .where(
      'external_id',
      'in',
      messages.map((candidate) => candidate.external_id),
    )
    .execute();
  return rows.length;
}
