import type { Kysely } from 'kysely';
import type { Database, ThemeStatus } from '../../platform/database/schema.js';
import { notFound } from '../../platform/errors.js';
import { iso } from '../../platform/time.js';
import { findTheme, type ThemeRow } from './theme.repository.js';
import {
  latestVolumeHour,
  listChannelAccounts,
  listDuplicateClusters,
  listThemeRules,
  listThemes,
  representativeMessages,
} from './theme-query.repository.js';
import { hourMilliseconds, listVolumes, type VolumeRow } from './theme-volume.repository.js';

type Db = Kysely<Database>;
export type Bucket = 'hour' | 'day';

const bucketMilliseconds = { hour: hourMilliseconds, day: 24 * hourMilliseconds };

/**
 * The end of a default time range: the hour after the newest rolled-up message, not the clock,
 * so imported history (months old) shows its own recent activity.
 */
async function defaultEnd(db: Db, organisationId: number, bucket: Bucket): Promise<number> {
  const latest = (await latestVolumeHour(db, organisationId)) ?? Date.now();
  const size = bucketMilliseconds[bucket];
  return Math.floor(latest / size) * size + size;
}

export interface SeriesOptions {
  bucket: Bucket;
  points: number;
  to?: number | undefined;
}

function emptySeries(to: number, options: SeriesOptions): number[] {
  const size = bucketMilliseconds[options.bucket];
  return Array.from({ length: options.points }, (_, index) => to - (options.points - index) * size);
}

export function presentTheme(row: ThemeRow) {
  return {
    id: row.id,
    label: row.pinned_label ?? row.label,
    generated_label: row.label,
    pinned: row.pinned === 1,
    status: row.status,
    merged_into_id: row.merged_into_id,
    message_count: row.message_count,
    average_sentiment:
      row.sentiment_count > 0
        ? Math.round((row.sentiment_sum / row.sentiment_count) * 1000) / 1000
        : null,
    top_terms: (JSON.parse(row.top_terms) as [string, number][]).map(([term, weight]) => ({
      term,
      weight,
    })),
    last_message_at: iso(row.last_message_at),
    created_at: iso(row.created_at),
  };
}

/** Themes by volume, each with its sparkline (messages per hour or day). */
export async function themesWithTrends(
  db: Db,
  organisationId: number,
  options: SeriesOptions & {
    includeDormant: boolean;
    minMessages: number;
    limit: number;
    offset: number;
  },
) {
  const statuses: ThemeStatus[] = options.includeDormant ? ['active', 'dormant'] : ['active'];
  const rows = await listThemes(db, organisationId, { ...options, statuses });
  const to = options.to ?? (await defaultEnd(db, organisationId, options.bucket));
  const starts = emptySeries(to, options);
  const from = starts[0] ?? to;
  const volumes = await listVolumes(db, {
    organisationId,
    from,
    to,
    themeIds: rows.map((row) => row.id),
  });
  const size = bucketMilliseconds[options.bucket];
  const byTheme = new Map<number, number[]>();
  for (const volume of volumes) {
    const counts = byTheme.get(volume.theme_id) ?? new Array<number>(starts.length).fill(0);
    const index = Math.floor((volume.hour_start - from) / size);
    counts[index] = (counts[index] ?? 0) + volume.message_count;
    byTheme.set(volume.theme_id, counts);
  }
  return {
    bucket: options.bucket,
    from: iso(from),
    to: iso(to),
    data: rows.map((row) => {
      const counts = byTheme.get(row.id) ?? new Array<number>(starts.length).fill(0);
      return {
        ...presentTheme(row),
        trend: starts.map((at, index) => ({ at: iso(at) as string, count: counts[index] ?? 0 })),
      };
    }),
  };
}

export async function themeDetail(db: Db, organisationId: number, id: number) {
  const row = await findTheme(db, organisationId, id);
  if (!row) throw notFound('theme');
  const [messages, duplicates, rules] = await Promise.all([
    representativeMessages(db, organisationId, id, 5),
    listDuplicateClusters(db, organisationId, { themeId: id, minCount: 2, limit: 10 }),
    listThemeRules(db, organisationId, id),
  ]);
  return {
    ...presentTheme(row),
    representative_messages: messages.map((message) => ({
      id: message.id,
      conversation_id: message.conversation_id,
      author_handle: message.author_handle,
      text: message.text,
      created_at: iso(message.created_at) as string,
      similarity: Math.round(message.similarity * 1000) / 1000,
      sentiment: message.sentiment,
    })),
    duplicate_clusters: duplicates.map(presentDuplicate),
    rules: rules.map((rule) => ({
      id: rule.id,
      kind: rule.kind,
      data: JSON.parse(rule.data) as Record<string, unknown>,
      created_by_user_id: rule.created_by_user_id,
      created_at: iso(rule.created_at) as string,
    })),
  };
}

function presentDuplicate(row: Awaited<ReturnType<typeof listDuplicateClusters>>[number]) {
  return {
    id: row.id,
    theme_id: row.theme_id,
    message_count: row.message_count,
    author_count: row.author_count,
    first_seen_at: iso(row.first_seen_at) as string,
    last_seen_at: iso(row.last_seen_at) as string,
    representative: { message_id: row.message_id, text: row.text },
  };
}

export async function duplicateClusters(
  db: Db,
  organisationId: number,
  options: { themeId?: number | undefined; minCount: number; limit: number },
) {
  return (await listDuplicateClusters(db, organisationId, options)).map(presentDuplicate);
}

/** Messages per sentiment and average polarity over time, per channel account. */
export async function sentimentOverTime(
  db: Db,
  organisationId: number,
  options: SeriesOptions & { channelAccountId?: number | undefined },
) {
  const to = options.to ?? (await defaultEnd(db, organisationId, options.bucket));
  const starts = emptySeries(to, options);
  const from = starts[0] ?? to;
  const size = bucketMilliseconds[options.bucket];
  const volumes = await listVolumes(db, {
    organisationId,
    from,
    to,
    channelAccountId: options.channelAccountId,
  });
  const accounts = await listChannelAccounts(db, organisationId);
  const byAccount = new Map<number, VolumeRow[]>();
  for (const volume of volumes) {
    const list = byAccount.get(volume.channel_account_id) ?? [];
    list.push(volume);
    byAccount.set(volume.channel_account_id, list);
  }
  return {
    bucket: options.bucket,
    from: iso(from),
    to: iso(to),
    data: accounts
      .filter((account) => byAccount.has(account.id))
      .map((account) => {
        const points = starts.map((at) => ({
          at: iso(at) as string,
          negative: 0,
          neutral: 0,
          positive: 0,
          unknown: 0,
          polaritySum: 0,
          polarityCount: 0,
        }));
        for (const volume of byAccount.get(account.id) ?? []) {
          const point = points[Math.floor((volume.hour_start - from) / size)];
          if (!point) continue;
          const key = (['negative', 'neutral', 'positive'] as const).find(
            (s) => s === volume.sentiment,
          );
          point[key ?? 'unknown'] += volume.message_count;
          point.polaritySum += volume.polarity_sum;
          point.polarityCount += volume.polarity_count;
        }
        return {
          channel_account: { id: account.id, channel: account.channel, handle: account.handle },
          points: points.map(({ polaritySum, polarityCount, ...point }) => ({
            ...point,
            total: point.negative + point.neutral + point.positive + point.unknown,
            average_polarity:
              polarityCount > 0 ? Math.round((polaritySum / polarityCount) * 1000) / 1000 : null,
          })),
        };
      }),
  };
}
