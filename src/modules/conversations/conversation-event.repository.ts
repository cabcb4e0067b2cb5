import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.js';

export interface ConversationEventInput {
  organisationId: number;
  conversationId: number;
  type: string;
  actor: { type: 'user' | 'token' | 'system'; id: number | null };
  data: Record<string, unknown>;
  occurredAt: number;
}

/** Appends to a conversation's immutable history; nothing ever updates or deletes these rows. */
export async function recordConversationEvents(
  db: Kysely<Database>,
  events: ConversationEventInput[],
): Promise<void> {
  for (let start = 0; start < events.length; start += 400) {
    await db
      .insertInto('conversation_events')
      .values(
        events.slice(start, start + 400).map((event) => ({
          organisation_id: event.organisationId,
          conversation_id: event.conversationId,
          type: event.type,
          actor_type: event.actor.type,
          actor_id: event.actor.id,
          data: JSON.stringify(event.data),
          occurred_at: event.occurredAt,
        })),
      )
      .execute();
  }
}

export async function listConversationEvents(db: Kysely<Database>, conversationId: number) {
  return db
    .selectFrom('conversation_events')
    .selectAll()
    .where('conversation_id', '=', conversationId)
    .orderBy('occurred_at')
    .orderBy('id')
    .execute();
}
