import type { VolumeRow } from '../themes/index.js';

/**
 * The series the detector watches, cut from the hourly rollup: per channel account, per theme,
 * and per theme on one account, each for all messages and for negative ones.
 */
export interface SeriesKey {
  channelAccountId: number | null;
  themeId: number | null;
  sentiment: 'all' | 'negative';
}

export function seriesKeyText(key: SeriesKey): string {
  return `a:${key.channelAccountId ?? '*'}|t:${key.themeId ?? '*'}|s:${key.sentiment}`;
}

export function specificity(key: SeriesKey): number {
  return (
    (key.channelAccountId === null ? 0 : 1) +
    (key.themeId === null ? 0 : 1) +
    (key.sentiment === 'all' ? 0 : 1)
  );
}

/** True when `narrow` is a part of `broad` (same or more dimensions fixed, same values). */
export function isPartOf(narrow: SeriesKey, broad: SeriesKey): boolean {
  if (broad.channelAccountId !== null && narrow.channelAccountId !== broad.channelAccountId)
    return false;
  if (broad.themeId !== null && narrow.themeId !== broad.themeId) return false;
  if (broad.sentiment === 'negative' && narrow.sentiment !== 'negative') return false;
  return specificity(narrow) > specificity(broad);
}

export function seriesOfCell(
  row: Pick<VolumeRow, 'channel_account_id' | 'theme_id' | 'sentiment'>,
): SeriesKey[] {
  const account = row.channel_account_id;
  const theme = row.theme_id === 0 ? null : row.theme_id;
  const negative = row.sentiment === 'negative';
  const keys: SeriesKey[] = [{ channelAccountId: account, themeId: null, sentiment: 'all' }];
  if (negative) keys.push({ channelAccountId: account, themeId: null, sentiment: 'negative' });
  if (theme !== null) {
    keys.push({ channelAccountId: null, themeId: theme, sentiment: 'all' });
    keys.push({ channelAccountId: account, themeId: theme, sentiment: 'all' });
    if (negative) {
      keys.push({ channelAccountId: null, themeId: theme, sentiment: 'negative' });
      keys.push({ channelAccountId: account, themeId: theme, sentiment: 'negative' });
    }
  }
  return keys;
}

/** Counts per series key text and hour: `counts.get(key)?.get(hourStart)`. */
export function seriesCounts(
  rows: VolumeRow[],
): Map<string, { key: SeriesKey; byHour: Map<number, number> }> {
  const series = new Map<string, { key: SeriesKey; byHour: Map<number, number> }>();
  for (const row of rows) {
    for (const key of seriesOfCell(row)) {
      const text = seriesKeyText(key);
      let entry = series.get(text);
      if (!entry) {
        entry = { key, byHour: new Map() };
        series.set(text, entry);
      }
      entry.byHour.set(row.hour_start, (entry.byHour.get(row.hour_start) ?? 0) + row.message_count);
    }
  }
  return series;
}

export interface Candidate {
  key: SeriesKey;
  count: number;
  expected: number;
}

/**
 * One backlash shows up in several series at once (the theme on the account, the account, the
 * theme). The most specific spiking series speaks for it: a broader one is dropped when a
 * narrower spike within it explains at least half of its excess.
 */
export function mostSpecific<T extends Candidate>(spikes: T[]): T[] {
  const ordered = [...spikes].sort((a, b) => specificity(b.key) - specificity(a.key));
  const kept: T[] = [];
  for (const spike of ordered) {
    const excess = spike.count - spike.expected;
    const explained = kept.some(
      (narrow) => isPartOf(narrow.key, spike.key) && narrow.count - narrow.expected >= excess / 2,
    );
    if (!explained) kept.push(spike);
  }
  return kept;
}
