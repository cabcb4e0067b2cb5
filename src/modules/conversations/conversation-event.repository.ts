import type { Kysely } from 'kysely';
import { chunksOf } from '../../platform/database/chunks.js';
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
  for (const chunk of chunksOf(events)) {
    await db
      .insertInto('conversation_events')
      .values(
        chunk.map((event) => ({
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
