import type { Kysely } from 'kysely';
import type { Database, ThemeStatus } from '../../platform/database/schema.js';

type Db = Kysely<Database>;

export async function listThemes(
  db: Db,
  organisationId: number,
  options: { statuses: ThemeStatus[]; minMessages: number; limit: number; offset: number },
) {
  return db
    .selectFrom('themes')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('status', 'in', options.statuses)
    .where('message_count', '>=', options.minMessages)
    .orderBy('message_count', 'desc')
    .orderBy('id')
    .limit(options.limit)
    .offset(options.offset)
    .execute();
}

/** The messages most like the theme's centroid when they joined it. */
export async function representativeMessages(
  db: Db,
  organisationId: number,
  themeId: number,
  limit: number,
) {
  return db
    .selectFrom('theme_messages')
    .innerJoin('messages', 'messages.id', 'theme_messages.message_id')
    .select([
      'messages.id',
      'messages.conversation_id',
      'messages.author_handle',
      'messages.text',
      'messages.created_at',
      'theme_messages.similarity',
      'theme_messages.sentiment',
    ])
    .where('theme_messages.organisation_id', '=', organisationId)
    .where('theme_messages.theme_id', '=', themeId)
    .orderBy('theme_messages.similarity', 'desc')
    .orderBy('messages.created_at', 'desc')
    .limit(limit)
    .execute();
}

/** Example messages of a theme and/or channel account in a time range, newest first. */
export async function exampleMessages(
  db: Db,
  filter: {
    organisationId: number;
    themeId: number | null;
    channelAccountId: number | null;
    sentiment: string | null;
    from: number;
    to: number;
    limit: number;
  },
) {
  let query = db
    .selectFrom('theme_messages')
    .select(['message_id'])
    .where('organisation_id', '=', filter.organisationId)
    .where('created_at', '>=', filter.from)
    .where('created_at', '<', filter.to);
  if (filter.themeId !== null) query = query.where('theme_id', '=', filter.themeId);
  if (filter.channelAccountId !== null) {
    query = query.where('channel_account_id', '=', filter.channelAccountId);
  }
  if (filter.sentiment !== null) query = query.where('sentiment', '=', filter.sentiment);
  const rows = await query.orderBy('created_at', 'desc').limit(filter.limit).execute();
  return rows.map((row) => row.message_id);
}

export async function listDuplicateClusters(
  db: Db,
  organisationId: number,
  options: { themeId?: number | undefined; minCount: number; limit: number },
) {
  let query = db
    .selectFrom('duplicate_clusters')
    .innerJoin('messages', 'messages.id', 'duplicate_clusters.representative_message_id')
    .select([
      'duplicate_clusters.id',
      'duplicate_clusters.theme_id',
      'duplicate_clusters.message_count',
      'duplicate_clusters.author_count',
      'duplicate_clusters.first_seen_at',
      'duplicate_clusters.last_seen_at',
      'messages.id as message_id',
      'messages.text',
    ])
    .where('duplicate_clusters.organisation_id', '=', organisationId)
    .where('duplicate_clusters.message_count', '>=', options.minCount);
  if (options.themeId !== undefined) {
    query = query.where('duplicate_clusters.theme_id', '=', options.themeId);
  }
  return query
    .orderBy('duplicate_clusters.message_count', 'desc')
    .orderBy('duplicate_clusters.last_seen_at', 'desc')
    .limit(options.limit)
    .execute();
}

export async function listThemeRules(db: Db, organisationId: number, themeId: number) {
  return db
    .selectFrom('theme_rules')
    .select(['id', 'kind', 'data', 'created_by_user_id', 'created_at'])
    .where('organisation_id', '=', organisationId)
    .where('theme_id', '=', themeId)
    .orderBy('id')
    .execute();
}

export async function latestVolumeHour(db: Db, organisationId: number): Promise<number | null> {
  const row = await db
    .selectFrom('listening_volume_hourly')
    .select((eb) => eb.fn.max('hour_start').as('hour'))
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
  return row?.hour === null || row?.hour === undefined ? null : Number(row.hour);
}

export async function listChannelAccounts(db: Db, organisationId: number) {
  return db
    .selectFrom('channel_accounts')
    .select(['id', 'channel', 'handle', 'name'])
    .where('organisation_id', '=', organisationId)
    .orderBy('id')
    .execute();
}

/** Every message placed in a theme (oldest first), for linking a whole theme at once. */
export async function messageIdsOfTheme(
  db: Db,
  organisationId: number,
  themeId: number,
  limit: number,
): Promise<number[]> {
  const rows = await db
    .selectFrom('theme_messages')
    .select('message_id')
    .where('organisation_id', '=', organisationId)
    .where('theme_id', '=', themeId)
    .orderBy('created_at')
    .orderBy('message_id')
    .limit(limit)
    .execute();
  return rows.map((row) => row.message_id);
}

/** Where listening placed a message: its theme and near-duplicate cluster (either may be null). */
export async function listeningPlaceOf(db: Db, organisationId: number, messageId: number) {
  const theme = await db
    .selectFrom('theme_messages')
    .select('theme_id')
    .where('organisation_id', '=', organisationId)
    .where('message_id', '=', messageId)
    .executeTakeFirst();
  const fingerprint = await db
    .selectFrom('message_fingerprints')
    .select('cluster_id')
    .where('organisation_id', '=', organisationId)
    .where('message_id', '=', messageId)
    .executeTakeFirst();
  return { themeId: theme?.theme_id ?? null, clusterId: fingerprint?.cluster_id ?? null };
}

/** The messages of a near-duplicate cluster, oldest first. */
export async function messageIdsOfCluster(
  db: Db,
  organisationId: number,
  clusterId: number,
  limit: number,
): Promise<number[]> {
  const rows = await db
    .selectFrom('message_fingerprints')
    .select('message_id')
    .where('organisation_id', '=', organisationId)
    .where('cluster_id', '=', clusterId)
    .orderBy('created_at')
    .orderBy('message_id')
    .limit(limit)
    .execute();
  return rows.map((row) => row.message_id);
}
