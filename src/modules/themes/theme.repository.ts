import { type Kysely, type Selectable, sql } from 'kysely';
import { chunksOf } from '../../platform/database/chunks.js';
import type { Database, ThemeStatus, ThemeTable } from '../../platform/database/schema.js';
import { valuesChunkSize, valuesTable } from '../../platform/database/values-table.js';
import { noteVolumeWrite } from './theme-volume.repository.js';

type Db = Kysely<Database>;

/** A stored theme as read (the table type, see schema-listening.ts). */
export type ThemeRow = Selectable<ThemeTable>;

export async function findListeningState(db: Db, organisationId: number) {
  return db
    .selectFrom('listening_state')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
}

/** A new state token: every process reloads its in-memory themes at its next batch. */
export async function renewListeningStateToken(
  db: Db,
  organisationId: number,
  token: string,
): Promise<void> {
  await db
    .updateTable('listening_state')
    .set({ state_token: token })
    .where('organisation_id', '=', organisationId)
    .execute();
}

/** A theme's messages with their text (a split reads them all to pick the ones it moves). */
export async function listThemeMessagesWithText(db: Db, organisationId: number, themeId: number) {
  return db
    .selectFrom('theme_messages')
    .innerJoin('messages', 'messages.id', 'theme_messages.message_id')
    .select([
      'theme_messages.message_id',
      'theme_messages.channel_account_id',
      'theme_messages.sentiment',
      'theme_messages.polarity',
      'theme_messages.created_at',
      'theme_messages.similarity',
      'messages.text',
    ])
    .where('theme_messages.organisation_id', '=', organisationId)
    .where('theme_messages.theme_id', '=', themeId)
    .execute();
}

export async function saveListeningState(
  db: Db,
  organisationId: number,
  token: string,
  documents: number,
  documentFrequencies: string | null,
  now: number,
): Promise<void> {
  const values = {
    organisation_id: organisationId,
    state_token: token,
    documents,
    document_frequencies: documentFrequencies ?? '',
    updated_at: now,
  };
  await db
    .insertInto('listening_state')
    .values(values)
    .onConflict((conflict) =>
      conflict.column('organisation_id').doUpdateSet(
        documentFrequencies === null
          ? { state_token: token, documents, updated_at: now }
          : {
              state_token: token,
              documents,
              document_frequencies: documentFrequencies,
              updated_at: now,
            },
      ),
    )
    .execute();
}

export async function listThemesByStatus(
  db: Db,
  organisationId: number,
  statuses: ThemeStatus[],
): Promise<ThemeRow[]> {
  return db
    .selectFrom('themes')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('status', 'in', statuses)
    .orderBy('id')
    .execute();
}

export async function findTheme(
  db: Db,
  organisationId: number,
  id: number,
): Promise<ThemeRow | undefined> {
  return db
    .selectFrom('themes')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function insertTheme(db: Db, row: Omit<ThemeRow, 'id'>): Promise<number> {
  const inserted = await db
    .insertInto('themes')
    .values(row)
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

export async function updateTheme(
  db: Db,
  id: number,
  changes: Partial<Omit<ThemeRow, 'id' | 'organisation_id'>>,
): Promise<void> {
  await db.updateTable('themes').set(changes).where('id', '=', id).execute();
}

/** What one ingest batch changes on a theme: counter deltas and, when touched, its description. */
export interface ThemeChange {
  id: number;
  messages: number;
  polaritySum: number;
  polarityCount: number;
  lastAt: number | null;
  /** Null keeps the stored label, terms and centroids. */
  described: { label: string; topTerms: string; centroids: string } | null;
}

/**
 * Adds batch deltas to the themes' counters (message count, sentiment, last message) and stores
 * the new labels and centroids, in one statement per 200 themes rather than two per theme.
 */
export async function applyThemeChanges(db: Db, changes: ThemeChange[], now: number) {
  const columns = [
    { name: 'id', type: 'bigint' },
    { name: 'messages', type: 'bigint' },
    { name: 'polarity_sum', type: 'double precision' },
    { name: 'polarity_count', type: 'bigint' },
    { name: 'last_at', type: 'bigint' },
    { name: 'label', type: 'text' },
    { name: 'top_terms', type: 'text' },
    { name: 'centroids', type: 'text' },
  ] as const;
  for (const chunk of chunksOf(changes, valuesChunkSize)) {
    const rows = chunk.map((change) => [
      change.id,
      change.messages,
      change.polaritySum,
      change.polarityCount,
      change.lastAt,
      change.described?.label ?? null,
      change.described?.topTerms ?? null,
      change.described?.centroids ?? null,
    ]);
    await sql`with ${valuesTable('v', [...columns], rows)}
      update themes set
        message_count = themes.message_count + v.messages,
        sentiment_sum = themes.sentiment_sum + v.polarity_sum,
        sentiment_count = themes.sentiment_count + v.polarity_count,
        last_message_at = case
          when v.last_at is not null
            and (themes.last_message_at is null or themes.last_message_at < v.last_at)
          then v.last_at else themes.last_message_at end,
        label = coalesce(v.label, themes.label),
        top_terms = coalesce(v.top_terms, themes.top_terms),
        centroids = coalesce(v.centroids, themes.centroids),
        updated_at = ${now}
      from v where themes.id = v.id`.execute(db);
  }
}

export interface ThemeRuleRow {
  id: number;
  kind: 'rename' | 'merge' | 'split';
  theme_id: number;
  data: string;
  created_at: number;
}

export async function listRules(db: Db, organisationId: number): Promise<ThemeRuleRow[]> {
  return db
    .selectFrom('theme_rules')
    .select(['id', 'kind', 'theme_id', 'data', 'created_at'])
    .where('organisation_id', '=', organisationId)
    .orderBy('id')
    .execute();
}

export async function insertRule(
  db: Db,
  organisationId: number,
  kind: ThemeRuleRow['kind'],
  themeId: number,
  data: unknown,
  userId: number | null,
  now: number,
): Promise<void> {
  await db
    .insertInto('theme_rules')
    .values({
      organisation_id: organisationId,
      kind,
      theme_id: themeId,
      data: JSON.stringify(data),
      created_by_user_id: userId,
      created_at: now,
    })
    .execute();
}

export interface ThemeMessageRow {
  message_id: number;
  organisation_id: number;
  theme_id: number | null;
  channel_account_id: number;
  similarity: number;
  sentiment: string | null;
  polarity: number | null;
  created_at: number;
}

export async function insertThemeMessages(db: Db, rows: ThemeMessageRow[]): Promise<void> {
  for (const chunk of chunksOf(rows, 500)) {
    await db
      .insertInto('theme_messages')
      .values(chunk)
      .onConflict((conflict) => conflict.column('message_id').doNothing())
      .execute();
  }
}

export async function findThemeMessages(db: Db, messageIds: number[]): Promise<ThemeMessageRow[]> {
  if (messageIds.length === 0) return [];
  return db
    .selectFrom('theme_messages')
    .selectAll()
    .where('message_id', 'in', messageIds)
    .execute();
}

export async function setMessageTheme(
  db: Db,
  messageId: number,
  themeId: number | null,
  similarity: number,
): Promise<void> {
  await db
    .updateTable('theme_messages')
    .set({ theme_id: themeId, similarity })
    .where('message_id', '=', messageId)
    .execute();
}

/** The latest messages that fit no theme yet, to refill the candidate pool after a restart. */
export async function recentUnthemed(db: Db, organisationId: number, limit: number) {
  return db
    .selectFrom('theme_messages')
    .innerJoin('messages', 'messages.id', 'theme_messages.message_id')
    .select(['theme_messages.message_id', 'theme_messages.created_at', 'messages.text'])
    .where('theme_messages.organisation_id', '=', organisationId)
    .where('theme_messages.theme_id', 'is', null)
    .orderBy('theme_messages.created_at', 'desc')
    .limit(limit)
    .execute();
}

/** Folds one theme's messages and hourly volumes into another (merges and consolidation). */
export async function moveThemeData(
  db: Db,
  organisationId: number,
  fromId: number,
  intoId: number,
): Promise<void> {
  // The folded theme's past hours change: alert detection's cached history is stale.
  await noteVolumeWrite(db, organisationId, Number.NEGATIVE_INFINITY, null);
  await db
    .updateTable('theme_messages')
    .set({ theme_id: intoId })
    .where('organisation_id', '=', organisationId)
    .where('theme_id', '=', fromId)
    .execute();
  await db
    .updateTable('duplicate_clusters')
    .set({ theme_id: intoId })
    .where('organisation_id', '=', organisationId)
    .where('theme_id', '=', fromId)
    .execute();
  await sql`
    insert into listening_volume_hourly
      (organisation_id, hour_start, channel_account_id, theme_id, sentiment, message_count,
       polarity_sum, polarity_count)
    select organisation_id, hour_start, channel_account_id, ${intoId}, sentiment, message_count,
       polarity_sum, polarity_count
    from listening_volume_hourly
    where organisation_id = ${organisationId} and theme_id = ${fromId}
    on conflict (organisation_id, hour_start, channel_account_id, theme_id, sentiment)
    do update set
      message_count = listening_volume_hourly.message_count + excluded.message_count,
      polarity_sum = listening_volume_hourly.polarity_sum + excluded.polarity_sum,
      polarity_count = listening_volume_hourly.polarity_count + excluded.polarity_count
  `.execute(db);
  await db
    .deleteFrom('listening_volume_hourly')
    .where('organisation_id', '=', organisationId)
    .where('theme_id', '=', fromId)
    .execute();
}

/** Recounts themes' counters from their messages (after a merge, split or re-clustering). */
export async function recountThemes(
  db: Db,
  organisationId: number,
  themeIds: number[],
  now: number,
): Promise<void> {
  if (themeIds.length === 0) return;
  const rows = await db
    .selectFrom('theme_messages')
    .select((eb) => [
      'theme_id',
      eb.fn.countAll<number>().as('messages'),
      eb.fn.sum<number>('polarity').as('polarity_sum'),
      eb.fn.count<number>('polarity').as('polarity_count'),
      eb.fn.max('created_at').as('last_at'),
    ])
    .where('organisation_id', '=', organisationId)
    .where('theme_id', 'in', themeIds)
    .groupBy('theme_id')
    .execute();
  const byId = new Map(rows.map((row) => [Number(row.theme_id), row]));
  for (const id of themeIds) {
    const row = byId.get(id);
    await updateTheme(db, id, {
      message_count: Number(row?.messages ?? 0),
      sentiment_sum: Number(row?.polarity_sum ?? 0),
      sentiment_count: Number(row?.polarity_count ?? 0),
      last_message_at:
        row?.last_at === undefined || row.last_at === null ? null : Number(row.last_at),
      updated_at: now,
    });
  }
}
