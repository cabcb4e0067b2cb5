import { type Kysely, sql } from 'kysely';
import { chunksOf } from '../../platform/database/chunks.js';
import type { Database } from '../../platform/database/schema.js';

/** What re-clustering reads and rewrites wholesale: a window of theme_messages and its clusters. */
type Db = Kysely<Database>;

/** The instant of the organisation's newest listened message, or null before any. */
export async function newestThemeMessageAt(db: Db, organisationId: number): Promise<number | null> {
  const newest = await db
    .selectFrom('theme_messages')
    .select((eb) => eb.fn.max('created_at').as('at'))
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
  return newest?.at === null || newest?.at === undefined ? null : Number(newest.at);
}

/** The newest `limit` listened messages since `from` with their text, newest first. */
export async function listWindowMessages(
  db: Db,
  organisationId: number,
  from: number,
  limit: number,
) {
  return db
    .selectFrom('theme_messages')
    .innerJoin('messages', 'messages.id', 'theme_messages.message_id')
    .select([
      'theme_messages.message_id',
      'theme_messages.theme_id',
      'theme_messages.channel_account_id',
      'theme_messages.sentiment',
      'theme_messages.polarity',
      'theme_messages.created_at',
      'messages.text',
    ])
    .where('theme_messages.organisation_id', '=', organisationId)
    .where('theme_messages.created_at', '>=', from)
    .orderBy('theme_messages.created_at', 'desc')
    .limit(limit)
    .execute();
}

export interface ThemeAssignment {
  messageId: number;
  themeId: number | null;
  similarity: number;
}

/** Writes each message's theme and similarity, one statement per 400 messages. */
export async function writeThemeAssignments(
  db: Db,
  assignments: readonly ThemeAssignment[],
): Promise<void> {
  for (const chunk of chunksOf(assignments, 400)) {
    const themeCase = sql.join(
      chunk.map((entry) => sql`when ${entry.messageId} then cast(${entry.themeId} as bigint)`),
      sql` `,
    );
    const similarityCase = sql.join(
      chunk.map((entry) => sql`when ${entry.messageId} then cast(${entry.similarity} as real)`),
      sql` `,
    );
    await sql`
      update theme_messages
      set theme_id = case message_id ${themeCase} end,
          similarity = case message_id ${similarityCase} end
      where message_id in (${sql.join(chunk.map((entry) => entry.messageId))})
    `.execute(db);
  }
}

/** Every near-duplicate cluster takes the theme its representative message now has. */
export async function rethemeDuplicateClusters(db: Db, organisationId: number): Promise<void> {
  await sql`
    update duplicate_clusters set theme_id = (
      select theme_id from theme_messages
      where theme_messages.message_id = duplicate_clusters.representative_message_id
    ) where organisation_id = ${organisationId}
  `.execute(db);
}
