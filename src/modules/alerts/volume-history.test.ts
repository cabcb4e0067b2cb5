import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../../platform/database/connection.js';
import { createTestRuntime, type TestRuntime } from '../../test/test-runtime.js';
import { applyVolumeDeltas, moveThemeData, VolumeDeltas } from '../themes/index.js';
import { forgetVolumeHistories, VolumeHistory, volumeHistoryReads } from './volume-history.js';
import type { SeriesKey } from './volume-series.js';

/**
 * The detector's history is read once and kept across detection runs until the rollup's closed
 * hours change: a late message, a theme fold. Stale counts would judge spikes against the wrong
 * baseline, so every such write must make the next run read again.
 */
let runtime: TestRuntime;
const hour = 3_600_000;
const now = Date.parse('2026-03-05T14:00:00Z');
const account = 7;
const accountSeries: SeriesKey = { channelAccountId: account, themeId: null, sentiment: 'all' };
const themeSeries: SeriesKey = { channelAccountId: null, themeId: 41, sentiment: 'negative' };
const hours = [now - 3 * hour, now - 2 * hour, now - hour, now];

async function write(
  at: number,
  count: number,
  themeId: number | null = null,
  sentiment = 'neutral',
) {
  const deltas = new VolumeDeltas();
  for (let index = 0; index < count; index++) deltas.add(at, account, themeId, sentiment, null);
  await withTransaction(runtime.database, (trx) =>
    applyVolumeDeltas(trx, runtime.organisationId, deltas.values()),
  );
}

async function counts(series: SeriesKey[] = [accountSeries, themeSeries]) {
  return withTransaction(runtime.database, async (trx) => {
    const history = await VolumeHistory.open(trx, runtime.organisationId);
    const result = await history.counts(series, hours);
    return result.map((countAt) => hours.map(countAt));
  });
}

beforeAll(async () => {
  runtime = await createTestRuntime();
  forgetVolumeHistories();
  for (const at of hours.slice(0, 3)) await write(at, 2);
  await write(now - hour, 3, 41, 'negative');
  await write(now, 5);
});
afterAll(async () => {
  await runtime.close();
});

describe('volume history of alert detection', () => {
  it('sums cells into series as the rollup says, and reads closed hours only once', async () => {
    const reads = volumeHistoryReads.hours;
    expect(await counts()).toEqual([
      [2, 2, 5, 5],
      [0, 0, 3, 0],
    ]);
    expect(volumeHistoryReads.hours).toBe(reads + 1);
    // Same revision: the closed hours come from memory, the latest hour is read again.
    await write(now, 4);
    expect(await counts()).toEqual([
      [2, 2, 5, 9],
      [0, 0, 3, 0],
    ]);
    expect(volumeHistoryReads.hours).toBe(reads + 2);
  });

  it('reads again after a late message lands in a closed hour', async () => {
    await write(now - 3 * hour, 6);
    expect((await counts())[0]).toEqual([8, 2, 5, 9]);
  });

  it('reads again after a theme fold moved a closed hour between series', async () => {
    await withTransaction(runtime.database, (trx) =>
      moveThemeData(trx, runtime.organisationId, 41, 42),
    );
    expect(await counts()).toEqual([
      [8, 2, 5, 9],
      [0, 0, 0, 0],
    ]);
  });
});
