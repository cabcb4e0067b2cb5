import { type Kysely, sql } from 'kysely';
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
  for (let start = 0; start < deltas.length; start += 500) {
    const rows = deltas.slice(start, start + 500).map((delta) => ({
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
  await db
    .deleteFrom('listening_volume_hourly')
    .where('organisation_id', '=', organisationId)
    .where('hour_start', '>=', from)
    .where('hour_start', '<', to)
    .execute();
}
