import type { Kysely } from 'kysely';
import { chunksOf } from '../../platform/database/chunks.js';
import type { Database } from '../../platform/database/schema.js';
import { findVolumeRevision } from '../themes/index.js';
import { volumesAt } from './alert.repository.js';
import type { SeriesKey } from './volume-series.js';

/**
 * The hourly rollup as the detector reads it, kept in memory across detection runs. Judging one
 * hour reads some 360 earlier hours (seasonal medians of the hour and of each hour of the level
 * window); consecutive hours share almost all of them, so each hour is read from the database
 * once and kept until a write changes a closed hour (the rollup revision, see
 * `noteVolumeWrite` in modules/themes) or it falls out of every baseline's reach.
 *
 * An hour is stored compactly, four numbers per cell: channel account, theme (0: none),
 * negative (1/0), message count.
 */
type HourCells = Float64Array;

interface OrganisationHistory {
  revision: number;
  /** Closed hours (before the latest hour with counts when read); valid for `revision`. */
  hours: Map<number, HourCells>;
}

/** Organisations whose history this process keeps (least recently used dropped first). */
const maxOrganisations = 16;
/** Hours kept per organisation at most (about 5 weeks plus the level window fit easily). */
const maxHours = 2000;
/** Hours per read (bound parameters). */
const hoursPerRead = 400;

const histories = new Map<number, OrganisationHistory>();

/** Statements the history has issued to read hours, for tests. */
export const volumeHistoryReads = { hours: 0 };

export class VolumeHistory {
  /** Hours of this run that may still change (the latest hour and later), not cached. */
  private readonly open = new Map<number, HourCells>();

  private constructor(
    private readonly db: Kysely<Database>,
    private readonly organisationId: number,
    private readonly entry: OrganisationHistory,
    private readonly latestHour: number,
  ) {}

  /** The organisation's history, dropped and started afresh when the rollup's revision moved. */
  static async open(db: Kysely<Database>, organisationId: number): Promise<VolumeHistory> {
    const stored = await findVolumeRevision(db, organisationId);
    const revision = stored?.revision ?? -1;
    let entry = histories.get(organisationId);
    if (!entry || entry.revision !== revision) entry = { revision, hours: new Map() };
    histories.delete(organisationId);
    histories.set(organisationId, entry);
    for (const key of histories.keys()) {
      if (histories.size <= maxOrganisations) break;
      histories.delete(key);
    }
    return new VolumeHistory(
      db,
      organisationId,
      entry,
      stored?.latestHour ?? Number.NEGATIVE_INFINITY,
    );
  }

  /** Reads the hours not held yet, in as few statements as it takes. */
  async load(hours: number[]): Promise<void> {
    const missing = hours.filter((at) => !this.entry.hours.has(at) && !this.open.has(at));
    for (const chunk of chunksOf(missing, hoursPerRead)) {
      volumeHistoryReads.hours++;
      const rows = await volumesAt(this.db, this.organisationId, chunk);
      const byHour = new Map<number, number[]>();
      for (const row of rows) {
        const hour = Number(row.hour_start);
        let cells = byHour.get(hour);
        if (!cells) {
          cells = [];
          byHour.set(hour, cells);
        }
        cells.push(
          Number(row.channel_account_id),
          Number(row.theme_id),
          row.sentiment === 'negative' ? 1 : 0,
          Number(row.message_count),
        );
      }
      for (const hour of chunk) {
        const cells = Float64Array.from(byHour.get(hour) ?? []);
        if (hour < this.latestHour) this.entry.hours.set(hour, cells);
        else this.open.set(hour, cells);
      }
    }
  }

  /**
   * Counts of each series at each of `hours` (loaded first): `result[i](hour)` for `series[i]`,
   * 0 for an hour not asked for; the same sums as `seriesCounts` over the hours' rows.
   */
  async counts(series: SeriesKey[], hours: number[]): Promise<((hour: number) => number)[]> {
    await this.load(hours);
    const position = new Map(hours.map((hour, index) => [hour, index]));
    const values = series.map(() => new Float64Array(hours.length));
    const lookup = new SeriesLookup(series);
    const found = new Int32Array(6);
    hours.forEach((hour, at) => {
      const cells = this.entry.hours.get(hour) ?? this.open.get(hour);
      if (!cells) return;
      for (let offset = 0; offset < cells.length; offset += 4) {
        const count = cells[offset + 3] as number;
        if (count === 0) continue;
        const matches = lookup.match(
          cells[offset] as number,
          cells[offset + 1] as number,
          cells[offset + 2] === 1,
          found,
        );
        for (let index = 0; index < matches; index++) {
          const byPosition = values[found[index] as number] as Float64Array;
          byPosition[at] = (byPosition[at] as number) + count;
        }
      }
    });
    return values.map((byPosition) => (hour: number) => {
      const index = position.get(hour);
      return index === undefined ? 0 : (byPosition[index] as number);
    });
  }

  /** Forgets cached hours before `hour` (no baseline from here on reaches them). */
  forgetBefore(hour: number): void {
    for (const at of this.entry.hours.keys()) if (at < hour) this.entry.hours.delete(at);
    if (this.entry.hours.size <= maxHours) return;
    const ordered = [...this.entry.hours.keys()].sort((a, b) => a - b);
    for (const at of ordered.slice(0, ordered.length - maxHours)) this.entry.hours.delete(at);
  }
}

/** Forgets every organisation's cached history (tests). */
export function forgetVolumeHistories(): void {
  histories.clear();
}

/** Which of some series a rollup cell counts towards (as `seriesOfCell` says), by number. */
class SeriesLookup {
  private readonly accountAll = new Map<number, number>();
  private readonly accountNegative = new Map<number, number>();
  private readonly themeAll = new Map<number, number>();
  private readonly themeNegative = new Map<number, number>();
  private readonly pairAll = new Map<number, Map<number, number>>();
  private readonly pairNegative = new Map<number, Map<number, number>>();

  constructor(series: SeriesKey[]) {
    series.forEach((key, index) => {
      const negative = key.sentiment === 'negative';
      if (key.themeId === null) {
        if (key.channelAccountId === null) return;
        (negative ? this.accountNegative : this.accountAll).set(key.channelAccountId, index);
      } else if (key.channelAccountId === null) {
        (negative ? this.themeNegative : this.themeAll).set(key.themeId, index);
      } else {
        const pairs = negative ? this.pairNegative : this.pairAll;
        let byTheme = pairs.get(key.channelAccountId);
        if (!byTheme) {
          byTheme = new Map();
          pairs.set(key.channelAccountId, byTheme);
        }
        byTheme.set(key.themeId, index);
      }
    });
  }

  /** Writes the indices of the series the cell counts towards into `into`; returns how many. */
  match(account: number, theme: number, negative: boolean, into: Int32Array): number {
    let found = 0;
    let index = this.accountAll.get(account);
    if (index !== undefined) into[found++] = index;
    if (negative) {
      index = this.accountNegative.get(account);
      if (index !== undefined) into[found++] = index;
    }
    if (theme === 0) return found;
    index = this.themeAll.get(theme);
    if (index !== undefined) into[found++] = index;
    index = this.pairAll.get(account)?.get(theme);
    if (index !== undefined) into[found++] = index;
    if (negative) {
      index = this.themeNegative.get(theme);
      if (index !== undefined) into[found++] = index;
      index = this.pairNegative.get(account)?.get(theme);
      if (index !== undefined) into[found++] = index;
    }
    return found;
  }
}
