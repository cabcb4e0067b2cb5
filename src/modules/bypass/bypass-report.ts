/** One social conversation as the report counts it. */
export interface SocialConversation {
  first_message_at: number;
  channel: string;
  team_id: number | null;
  team_name: string | null;
  /** Set when the conversation was flagged: the channel the customer left unresolved. */
  earlier_channel: string | null;
}

export interface RateRow {
  conversations: number;
  bypassed: number;
  /** bypassed / conversations, null for no conversation. */
  rate: number | null;
}

const week = 7 * 86_400_000;
/** 1970-01-01 was a Thursday: weeks start on Monday 00:00 UTC, four days later. */
const mondayOffset = 4 * 86_400_000;

/** The Monday 00:00 UTC that starts the ISO week of `instant`. */
export function weekStart(instant: number): number {
  return Math.floor((instant - mondayOffset) / week) * week + mondayOffset;
}

function rate(conversations: number, bypassed: number): RateRow {
  return { conversations, bypassed, rate: conversations === 0 ? null : bypassed / conversations };
}

function tally<K>(rows: readonly SocialConversation[], keyOf: (row: SocialConversation) => K) {
  const counts = new Map<
    K,
    { conversations: number; bypassed: number; sample: SocialConversation }
  >();
  for (const row of rows) {
    const key = keyOf(row);
    const count = counts.get(key) ?? { conversations: 0, bypassed: 0, sample: row };
    count.conversations++;
    if (row.earlier_channel !== null) count.bypassed++;
    counts.set(key, count);
  }
  return counts;
}

/**
 * The bypass rate (docs/metrics.md): of the conversations started on social channels in the
 * range, the share flagged as bypass; per ISO week (UTC), per channel and per team (the team the
 * conversation is in now), and the channels people left unresolved before going public.
 */
export function bypassFigures(rows: readonly SocialConversation[]) {
  const bypassed = rows.filter((row) => row.earlier_channel !== null);
  const fromChannels = tally(bypassed, (row) => row.earlier_channel as string);
  return {
    total: rate(rows.length, bypassed.length),
    by_week: [...tally(rows, (row) => weekStart(row.first_message_at))]
      .sort(([a], [b]) => a - b)
      .map(([start, count]) => ({
        week_start: new Date(start).toISOString().slice(0, 10),
        ...rate(count.conversations, count.bypassed),
      })),
    by_channel: [...tally(rows, (row) => row.channel)]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([channel, count]) => ({ channel, ...rate(count.conversations, count.bypassed) })),
    by_team: [...tally(rows, (row) => row.team_id)]
      .sort(([a], [b]) => (a ?? 0) - (b ?? 0))
      .map(([teamId, count]) => ({
        team_id: teamId,
        team_name: count.sample.team_name,
        ...rate(count.conversations, count.bypassed),
      })),
    from_channels: [...fromChannels]
      .sort(([, a], [, b]) => b.conversations - a.conversations)
      .map(([channel, count]) => ({
        channel,
        bypassed: count.conversations,
        share: count.conversations / bypassed.length,
      })),
  };
}

export type BypassFigures = ReturnType<typeof bypassFigures>;

/** The figures as CSV rows: one per (dimension, key). */
export function bypassCsvRows(figures: BypassFigures): Record<string, unknown>[] {
  return [
    { dimension: 'total', key: '', label: '', ...figures.total },
    ...figures.by_week.map((row) => ({
      dimension: 'week',
      key: row.week_start,
      label: row.week_start,
      ...row,
    })),
    ...figures.by_channel.map((row) => ({
      dimension: 'channel',
      key: row.channel,
      label: row.channel,
      ...row,
    })),
    ...figures.by_team.map((row) => ({
      dimension: 'team',
      key: row.team_id ?? '',
      label: row.team_name ?? '(no team)',
      ...row,
    })),
    ...figures.from_channels.map((row) => ({
      dimension: 'bypassed_from',
      key: row.channel,
      label: row.channel,
      conversations: null,
      bypassed: row.bypassed,
      rate: row.share,
    })),
  ].map(({ dimension, key, label, conversations, bypassed, rate }) => ({
    dimension,
    key,
    label,
    conversations,
    bypassed,
    rate,
  }));
}
