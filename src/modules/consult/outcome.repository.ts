import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.js';

export async function participantsOf(db: Kysely<Database>, ringIds: readonly number[]) {
  if (ringIds.length === 0) return [];
  return db
    .selectFrom('consultation_responses')
    .select(['contact_id', 'user_id'])
    .distinct()
    .where('ring_id', 'in', [...ringIds])
    .execute();
}

/** In-app notifications (the notifications table the inbox bell reads). */
export async function tellUsers(
  db: Kysely<Database>,
  organisationId: number,
  userIds: readonly number[],
  notice: { type: string; data: string; at: number },
): Promise<void> {
  if (userIds.length === 0) return;
  await db
    .insertInto('notifications')
    .values(
      userIds.map((userId) => ({
        organisation_id: organisationId,
        recipient_user_id: userId,
        type: notice.type,
        conversation_id: null,
        data: notice.data,
        created_at: notice.at,
        read_at: null,
      })),
    )
    .execute();
}
