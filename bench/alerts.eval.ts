/**
 * Backlash alerts evaluation (issue 4): the production detector (hour-of-week/hour-of-day median
 * baseline, robust z-score, minimum count, most-specific series, cooldown dedupe) run as a stream
 * over real timelines, with synthetic bursts of known size and start injected. Prints precision,
 * recall and detection delay; no tweet text is read beyond timestamps and labels.
 * Run: `npm run eval:alerts [-- --json]`.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  baseline,
  type DetectorOptions,
  defaultDetectorOptions,
  judge,
  mostSpecific,
} from '../src/modules/alerts/index.js';
import { parseCsvWithHeader } from '../src/platform/csv.js';
import { SeededRandom } from '../src/platform/seeded-random.js';
import { defaultDataDir as dataDir } from './corpus.js';

const json = process.argv.includes('--json');
const print = (line: string) => process.stdout.write(`${line}\n`);
const hour = 3_600_000;
const cooldownHours = 3;

interface Event {
  at: number;
  /** Series the event counts in (e.g. "united", "united|negative"), broadest first. */
  series: string[];
  burst: number | null;
}

interface Timeline {
  name: string;
  events: Event[];
  /** Where bursts go: one of these series (with all its parents). */
  burstSeries: string[][];
}

/** A seeded generator (mulberry32), so every run prints the same figures. */
function random(seed: number): () => number {
  const generator = new SeededRandom(seed);
  return () => generator.next();
}

function airline(): Timeline | null {
  const file = path.join(dataDir, 'airline/train.csv');
  if (!fs.existsSync(file)) return null;
  const rows = parseCsvWithHeader(fs.readFileSync(file, 'utf8'), [
    'tweet_id',
    'airline',
    'airline_sentiment',
    'tweet_created',
  ]);
  const seen = new Set<string>();
  const events: Event[] = [];
  for (const { values } of rows) {
    if (seen.has(values.tweet_id as string)) continue;
    seen.add(values.tweet_id as string);
    const at = Date.parse(
      (values.tweet_created as string).replace(' ', 'T').replace(/ ([+-]\d\d)(\d\d)$/, '$1:$2'),
    );
    const account = (values.airline as string).toLowerCase().replace(/\s+/g, '');
    // The human sentiment label stands in for the classifier's.
    const series =
      values.airline_sentiment === 'negative' ? [account, `${account}|negative`] : [account];
    events.push({ at, series, burst: null });
  }
  events.sort((a, b) => a.at - b.at);
  const accounts = [...new Set(events.map((event) => event.series[0] as string))];
  return {
    name: 'airline week (6 accounts; total and negative series)',
    events,
    burstSeries: accounts.map((a) => [a, `${a}|negative`]),
  };
}

function spotify(): Timeline | null {
  const file = path.join(dataDir, 'twcs/spotifycares_support_requests.csv');
  if (!fs.existsSync(file)) return null;
  const rows = parseCsvWithHeader(fs.readFileSync(file, 'utf8'), ['created_at']);
  const start = Date.parse('2017-10-01T00:00:00Z');
  const events = rows
    .map(({ values }) => Date.parse(values.created_at as string))
    .filter((at) => Number.isFinite(at) && at >= start)
    .map((at) => ({ at, series: ['spotifycares'], burst: null }))
    .sort((a, b) => a.at - b.at);
  return {
    name: 'Spotify requests Oct-Dec 2017 (1 account)',
    events,
    burstSeries: [['spotifycares']],
  };
}

interface Burst {
  id: number;
  start: number;
  size: number;
  series: string[];
}

/** Bursts of `size` messages spread over 30 minutes, starting at random minutes, >= 24 h apart. */
function inject(
  timeline: Timeline,
  size: number,
  count: number,
  seed: number,
): { events: Event[]; bursts: Burst[] } {
  const next = random(seed);
  const first = Math.min(...timeline.events.map((event) => event.at));
  const last = Math.max(...timeline.events.map((event) => event.at));
  const earliest = first + 48 * hour; // after the detector's warm-up and some history
  const bursts: Burst[] = [];
  let attempts = 0;
  while (bursts.length < count && attempts++ < 10_000) {
    const start = earliest + Math.floor(next() * ((last - earliest - hour) / 60_000)) * 60_000;
    if (bursts.some((burst) => Math.abs(burst.start - start) < 24 * hour)) continue;
    const series = timeline.burstSeries[
      Math.floor(next() * timeline.burstSeries.length)
    ] as string[];
    bursts.push({ id: bursts.length, start, size, series });
  }
  const events = [...timeline.events];
  for (const burst of bursts) {
    for (let index = 0; index < burst.size; index++) {
      events.push({
        at: burst.start + Math.floor((index / burst.size) * 30 * 60_000),
        series: burst.series,
        burst: burst.id,
      });
    }
  }
  return { events: events.sort((a, b) => a.at - b.at), bursts };
}

interface Alert {
  series: string;
  at: number;
  hourStart: number;
}

/** Streams the events: after each one, its series' current hour is judged (as each batch is). */
function detect(events: Event[], options: DetectorOptions): Alert[] {
  const counts = new Map<string, Map<number, number>>();
  const dataStart = Math.floor((events[0]?.at ?? 0) / hour) * hour;
  const lastSpikeHour = new Map<string, number>();
  const alerts: Alert[] = [];
  for (const event of events) {
    const hourStart = Math.floor(event.at / hour) * hour;
    const spikes = [];
    for (const series of event.series) {
      const byHour = counts.get(series) ?? new Map<number, number>();
      counts.set(series, byHour);
      const count = (byHour.get(hourStart) ?? 0) + 1;
      byHour.set(hourStart, count);
      if (count < options.minimumCount) continue;
      const base = baseline(hourStart, dataStart, (at) => byHour.get(at) ?? 0, options);
      if (judge(count, base, hourStart, dataStart, options).spike) {
        const negative = series.endsWith('|negative');
        spikes.push({
          key: {
            channelAccountId: 1,
            themeId: null,
            sentiment: negative ? ('negative' as const) : ('all' as const),
          },
          count,
          expected: base.expected,
          series,
        });
      }
    }
    for (const spike of mostSpecific(spikes)) {
      const previous = lastSpikeHour.get(spike.series);
      lastSpikeHour.set(spike.series, hourStart);
      // The same spike while its series has not been quiet for the cooldown: no new alert.
      if (previous !== undefined && hourStart - previous <= cooldownHours * hour) continue;
      // A narrower series already alerting on the same hour covers its parent.
      const parent = spike.series.split('|')[0] as string;
      if (parent !== spike.series && lastSpikeHour.get(parent) === hourStart) continue;
      if (parent === spike.series && lastSpikeHour.get(`${parent}|negative`) === hourStart)
        continue;
      alerts.push({ series: spike.series, at: event.at, hourStart });
    }
  }
  return alerts;
}

function quantile(values: number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] as number;
}

function evaluate(timeline: Timeline, options: DetectorOptions) {
  const background = detect(timeline.events, options);
  // A real spike of the timeline alerts with or without injection: it is no false positive of
  // the injected bursts, so the adjusted precision leaves those alerts out.
  const backgroundKeys = new Set(background.map((alert) => `${alert.series}@${alert.hourStart}`));
  const weeks =
    (Math.max(...timeline.events.map((e) => e.at)) -
      Math.min(...timeline.events.map((e) => e.at))) /
    (7 * 24 * hour);
  const results = [];
  for (const size of [10, 15, 20, 40]) {
    let truePositives = 0;
    let truePositivesNotInBackground = 0;
    let alertsTotal = 0;
    let alertsNotInBackground = 0;
    let detected = 0;
    let injected = 0;
    const delays: number[] = [];
    for (const seed of [1, 2, 3, 4, 5]) {
      const { events, bursts } = inject(timeline, size, 8, seed * 101 + size);
      const alerts = detect(events, options);
      alertsTotal += alerts.length;
      alertsNotInBackground += alerts.filter(
        (alert) => !backgroundKeys.has(`${alert.series}@${alert.hourStart}`),
      ).length;
      injected += bursts.length;
      for (const burst of bursts) {
        const window = [Math.floor(burst.start / hour) * hour, burst.start + 30 * 60_000 + hour];
        const matching = alerts.filter(
          (alert) =>
            burst.series.includes(alert.series) &&
            alert.at >= burst.start &&
            alert.at <= (window[1] as number),
        );
        if (matching.length > 0) {
          detected++;
          delays.push(Math.min(...matching.map((alert) => alert.at)) - burst.start);
        }
        truePositives += matching.length;
        truePositivesNotInBackground += matching.filter(
          (alert) => !backgroundKeys.has(`${alert.series}@${alert.hourStart}`),
        ).length;
      }
    }
    results.push({
      burst_size: size,
      bursts: injected,
      recall: Math.round((detected / injected) * 1000) / 1000,
      precision: alertsTotal === 0 ? null : Math.round((truePositives / alertsTotal) * 1000) / 1000,
      precision_excluding_real_spikes:
        alertsNotInBackground === 0
          ? null
          : Math.round((truePositivesNotInBackground / alertsNotInBackground) * 1000) / 1000,
      delay_median_min: delays.length
        ? Math.round((quantile(delays, 0.5) as number) / 6000) / 10
        : null,
      delay_p90_min: delays.length
        ? Math.round((quantile(delays, 0.9) as number) / 6000) / 10
        : null,
    });
  }
  return {
    timeline: timeline.name,
    messages: timeline.events.length,
    weeks: Math.round(weeks * 10) / 10,
    alerts_without_injection: background.length,
    alerts_without_injection_per_week: Math.round((background.length / weeks) * 10) / 10,
    results,
  };
}

/** `--level-window N`, `--level-block N`: try other level-correction settings. */
function numberFlag(name: string): number | undefined {
  const index = process.argv.indexOf(`--${name}`);
  if (index === -1) return undefined;
  const value = Number(process.argv[index + 1]);
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} needs a whole number`);
  return value;
}

function main(): void {
  const timelines = [airline(), spotify()].filter(
    (timeline): timeline is Timeline => timeline !== null,
  );
  if (timelines.length === 0) {
    print('skipped: ../shared/data is absent (the shared data sets are not here)');
    return;
  }
  const corrected: DetectorOptions = {
    ...defaultDetectorOptions,
    levelWindowHours: numberFlag('level-window') ?? defaultDetectorOptions.levelWindowHours,
    levelBlockHours: numberFlag('level-block') ?? defaultDetectorOptions.levelBlockHours,
  };
  // The seasonal median alone (the detector before the level correction) beside the product's.
  const variants = [
    { name: 'seasonal median only', options: { ...corrected, levelWindowHours: 0 } },
    { name: 'with level correction', options: corrected },
  ];
  const report = {
    bursts:
      '8 per run x 5 seeds per size, each over 30 minutes, random start minute, >= 24 h apart',
    variants: variants.map((variant) => ({
      variant: variant.name,
      detector: { ...variant.options, cooldownHours },
      timelines: timelines.map((timeline) => evaluate(timeline, variant.options)),
    })),
  };
  if (json) {
    print(JSON.stringify(report, null, 2));
    return;
  }
  print(`bursts: ${report.bursts}`);
  for (const variant of report.variants) {
    print(`\n== ${variant.variant}: ${JSON.stringify(variant.detector)}`);
    for (const result of variant.timelines) {
      print(
        `\n${result.timeline}: ${result.messages} messages over ${result.weeks} weeks; alerts without injection: ${result.alerts_without_injection} (${result.alerts_without_injection_per_week}/week)`,
      );
      print(
        'burst size | recall | precision | precision excl. real spikes | delay median (min) | delay p90 (min)',
      );
      for (const row of result.results) {
        print(
          `${row.burst_size} | ${row.recall} | ${row.precision} | ${row.precision_excluding_real_spikes} | ${row.delay_median_min} | ${row.delay_p90_min}`,
        );
      }
    }
  }
}

main();
