import { type Kysely, sql } from 'kysely';
import { chunksOf } from '../../platform/database/chunks.js';
import type { Database } from '../../platform/database/schema.js';

type Db = Kysely<Database>;

export const hourMilliseconds = 3_600_000;

export function hourStart(at: number): number {
  return Math.floor(at / hourMilliseconds) * hourMilliseconds;
}

/** One cell of the hourly rollup: theme 0 holds messages that fit no theme. */
export interface VolumeDelta {
  hourStart: number;
  channelAccountId: number;
  themeId: number;
  sentiment: string;
  messages: number;
  polaritySum: number;
  polarityCount: number;
}

/** Accumulates deltas per cell, so one upsert never touches the same row twice. */
export class VolumeDeltas {
  private readonly cells = new Map<string, VolumeDelta>();

  add(
    at: number,
    channelAccountId: number,
    themeId: number | null,
    sentiment: string | null,
    polarity: number | null,
    sign = 1,
  ): void {
    const hour = hourStart(at);
    const theme = themeId ?? 0;
    const label = sentiment ?? 'unknown';
    const key = `${hour}:${channelAccountId}:${theme}:${label}`;
    let cell = this.cells.get(key);
    if (!cell) {
      cell = {
        hourStart: hour,
        channelAccountId,
        themeId: theme,
        sentiment: label,
        messages: 0,
        polaritySum: 0,
        polarityCount: 0,
      };
      this.cells.set(key, cell);
    }
    cell.messages += sign;
    if (polarity !== null) {
      cell.polaritySum += sign * polarity;
      cell.polarityCount += sign;
    }
  }

  values(): VolumeDelta[] {
    return [...this.cells.values()].filter((cell) => cell.messages !== 0);
  }
}

export async function applyVolumeDeltas(
  db: Db,
  organisationId: number,
  deltas: VolumeDelta[],
): Promise<void> {
  if (deltas.length === 0) return;
  let earliest = Number.POSITIVE_INFINITY;
  let latest = Number.NEGATIVE_INFINITY;
  for (const delta of deltas) {
    earliest = Math.min(earliest, delta.hourStart);
    latest = Math.max(latest, delta.hourStart);
  }
  await noteVolumeWrite(db, organisationId, earliest, latest);
  for (const chunk of chunksOf(deltas, 500)) {
    const rows = chunk.map((delta) => ({
      organisation_id: organisationId,
      hour_start: delta.hourStart,
      channel_account_id: delta.channelAccountId,
      theme_id: delta.themeId,
      sentiment: delta.sentiment,
      message_count: delta.messages,
      polarity_sum: delta.polaritySum,
      polarity_count: delta.polarityCount,
    }));
    await db
      .insertInto('listening_volume_hourly')
      .values(rows)
      .onConflict((conflict) =>
        conflict
          .columns(['organisation_id', 'hour_start', 'channel_account_id', 'theme_id', 'sentiment'])
          .doUpdateSet({
            message_count: sql`listening_volume_hourly.message_count + excluded.message_count`,
            polarity_sum: sql`listening_volume_hourly.polarity_sum + excluded.polarity_sum`,
            polarity_count: sql`listening_volume_hourly.polarity_count + excluded.polarity_count`,
          }),
      )
      .execute();
  }
}

export interface VolumeFilter {
  organisationId: number;
  from: number;
  to: number;
  channelAccountId?: number | undefined;
  themeIds?: number[] | undefined;
}

export interface VolumeRow {
  hour_start: number;
  channel_account_id: number;
  theme_id: number;
  sentiment: string;
  message_count: number;
  polarity_sum: number;
  polarity_count: number;
}

/** Hourly cells in [from, to), optionally for one account or some themes. */
export async function listVolumes(db: Db, filter: VolumeFilter): Promise<VolumeRow[]> {
  let query = db
    .selectFrom('listening_volume_hourly')
    .select([
      'hour_start',
      'channel_account_id',
      'theme_id',
      'sentiment',
      'message_count',
      'polarity_sum',
      'polarity_count',
    ])
    .where('organisation_id', '=', filter.organisationId)
    .where('hour_start', '>=', filter.from)
    .where('hour_start', '<', filter.to)
    .where('message_count', '>', 0);
  if (filter.channelAccountId !== undefined) {
    query = query.where('channel_account_id', '=', filter.channelAccountId);
  }
  if (filter.themeIds !== undefined) {
    if (filter.themeIds.length === 0) return [];
    query = query.where('theme_id', 'in', filter.themeIds);
  }
  return query.orderBy('hour_start').execute();
}

/** Drops the rollup of [from, to) before re-clustering writes it again. */
export async function deleteVolumes(
  db: Db,
  organisationId: number,
  from: number,
  to: number,
): Promise<void> {
  await noteVolumeWrite(db, organisationId, Number.NEGATIVE_INFINITY, null);
  await db
    .deleteFrom('listening_volume_hourly')
    .where('organisation_id', '=', organisationId)
    .where('hour_start', '>=', from)
    .where('hour_start', '<', to)
    .execute();
}

/**
 * The rollup's closed hours change rarely (a late message, a theme fold, a re-clustering) while
 * the latest hour changes with every listen job. Readers that keep closed hours in memory (alert
 * detection's history) compare this revision: it is bumped by every write to an hour before the
 * latest one the organisation has counts for, in the writing transaction.
 */
export interface VolumeRevision {
  latestHour: number;
  revision: number;
}

/**
 * Records a write to the rollup at hours [earliest, latest] (`latest` null: no new hours, e.g.
 * a delete or a fold): bumps the revision when it reaches before the stored latest hour.
 */
export async function noteVolumeWrite(
  db: Db,
  organisationId: number,
  earliest: number,
  latest: number | null,
): Promise<void> {
  // Infinite bounds are not values either database stores; -1 is before any hour.
  const from = Number.isFinite(earliest) ? earliest : -1;
  const newest = latest ?? -1;
  await db
    .insertInto('listening_volume_revision')
    .values({ organisation_id: organisationId, latest_hour: newest, revision: 0 })
    .onConflict((conflict) =>
      conflict.column('organisation_id').doUpdateSet({
        revision: sql`listening_volume_revision.revision + case
          when ${from} < listening_volume_revision.latest_hour then 1 else 0 end`,
        latest_hour: sql`case when excluded.latest_hour > listening_volume_revision.latest_hour
          then excluded.latest_hour else listening_volume_revision.latest_hour end`,
      }),
    )
    .execute();
}

/** The organisation's rollup revision (see `noteVolumeWrite`); null before its first write. */
export async function findVolumeRevision(
  db: Db,
  organisationId: number,
): Promise<VolumeRevision | null> {
  const row = await db
    .selectFrom('listening_volume_revision')
    .select(['latest_hour', 'revision'])
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
  return row ? { latestHour: Number(row.latest_hour), revision: Number(row.revision) } : null;
}
