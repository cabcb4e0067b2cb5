/**
 * Themes evaluation (issue 4): agreement of the themes with the human `negativereason` labels of
 * the negative airline tweets (NMI and ARI), against simple baselines. Prints figures only; no
 * tweet text is printed. Run: `npm run eval:themes [-- --json]`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  adjustedRandIndex,
  type ClustererOptions,
  DocumentFrequencies,
  defaultClustererOptions,
  labelFromTerms,
  normalisedMutualInformation,
  planRecluster,
  ThemeClusterer,
  themeTerms,
  topTerms,
  vectorise,
} from '../src/modules/themes/index.js';
import { SeededRandom } from '../src/platform/seeded-random.js';
import { type AirlineTweet, airlineFile, loadNegativeTweets } from './airline-tweets.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const file = airlineFile;
const json = process.argv.includes('--json');
const print = (line: string) => process.stdout.write(`${line}\n`);

type Tweet = AirlineTweet;
const loadTweets = loadNegativeTweets;

/** A seeded generator (mulberry32), so every run prints the same figures. */
function random(seed: number): () => number {
  const generator = new SeededRandom(seed);
  return () => generator.next();
}

/**
 * Each unthemed message counts as one shared "unthemed" cluster (the honest reading). Not -1:
 * the first theme the clusterer opens has the provisional id -1.
 */
const named = (themes: (number | null)[]) =>
  themes.map((theme): number | string => (theme === null ? 'unthemed' : theme));

function score(predicted: (number | string)[], truth: string[]) {
  return {
    nmi: round(normalisedMutualInformation(predicted, truth)),
    ari: round(adjustedRandIndex(predicted, truth)),
    clusters: new Set(predicted).size,
  };
}
const round = (value: number) => Math.round(value * 1000) / 1000;

function online(tweets: Tweet[], options: ClustererOptions) {
  const frequencies = new DocumentFrequencies();
  const clusterer = new ThemeClusterer(options);
  const themes = new Map<number, number | null>();
  const started = process.hrtime.bigint();
  tweets.forEach((tweet, index) => {
    const vector = vectorise(tweet.text, frequencies, true);
    for (const assignment of clusterer.assign(index, vector, tweet.at)) {
      themes.set(assignment.messageId, assignment.themeId);
    }
    if ((index + 1) % 2000 === 0) {
      for (const fold of clusterer.consolidate()) {
        for (const [id, theme] of themes) if (theme === fold.fromId) themes.set(id, fold.intoId);
      }
    }
  });
  const microseconds = Number(process.hrtime.bigint() - started) / 1000 / tweets.length;
  return {
    themes: tweets.map((_, index) => themes.get(index) ?? null),
    microseconds,
    clusterer,
    frequencies,
  };
}

/** Spherical k-means on the same TF-IDF vectors, k-means++ seeding, 25 iterations. */
function kMeans(tweets: Tweet[], k: number, seed: number): number[] {
  const frequencies = new DocumentFrequencies();
  for (const tweet of tweets) vectorise(tweet.text, frequencies, true);
  const vectors = tweets.map((tweet) => vectorise(tweet.text, frequencies, false));
  const next = random(seed);
  const dot = (index: number, centre: Map<number, number>) => {
    const vector = vectors[index] as (typeof vectors)[number];
    let sum = 0;
    vector.buckets.forEach((bucket, position) => {
      sum += (vector.weights[position] as number) * (centre.get(bucket) ?? 0);
    });
    return sum;
  };
  const toCentre = (index: number) => {
    const vector = vectors[index] as (typeof vectors)[number];
    return new Map(
      vector.buckets.map((bucket, position) => [bucket, vector.weights[position] as number]),
    );
  };
  const centres = [toCentre(Math.floor(next() * vectors.length))];
  while (centres.length < k) {
    const distances = vectors.map((_, index) => 1 - Math.max(...centres.map((c) => dot(index, c))));
    const total = distances.reduce((sum, value) => sum + value * value, 0);
    let pick = next() * total;
    let chosen = 0;
    for (; chosen < distances.length - 1; chosen++) {
      pick -= (distances[chosen] as number) ** 2;
      if (pick <= 0) break;
    }
    centres.push(toCentre(chosen));
  }
  let labels = new Array<number>(vectors.length).fill(0);
  for (let iteration = 0; iteration < 25; iteration++) {
    labels = vectors.map((_, index) => {
      let best = 0;
      let bestScore = -1;
      centres.forEach((centre, label) => {
        const value = dot(index, centre);
        if (value > bestScore) {
          bestScore = value;
          best = label;
        }
      });
      return best;
    });
    centres.forEach((centre, label) => {
      centre.clear();
      labels.forEach((assigned, index) => {
        if (assigned !== label) return;
        const vector = vectors[index] as (typeof vectors)[number];
        vector.buckets.forEach((bucket, position) => {
          centre.set(bucket, (centre.get(bucket) ?? 0) + (vector.weights[position] as number));
        });
      });
      let norm = 0;
      for (const value of centre.values()) norm += value * value;
      const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
      for (const [bucket, value] of centre) centre.set(bucket, value * scale);
    });
  }
  return labels;
}

/** Keyword baseline: a tweet goes to the most frequent of the corpus's top-k words it contains. */
function keywordBaseline(tweets: Tweet[], k: number): string[] {
  const documentCounts = new Map<string, number>();
  const termsOf = tweets.map((tweet) => new Set(themeTerms(tweet.text).map((term) => term.stem)));
  for (const terms of termsOf)
    for (const term of terms) documentCounts.set(term, (documentCounts.get(term) ?? 0) + 1);
  const top = [...documentCounts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, k)
    .map(([term]) => term);
  return termsOf.map((terms) => top.find((term) => terms.has(term)) ?? '(other)');
}

function shuffledSizes(themes: (number | string)[], seed: number): (number | string)[] {
  const next = random(seed);
  const copy = [...themes];
  for (let index = copy.length - 1; index > 0; index--) {
    const other = Math.floor(next() * (index + 1));
    [copy[index], copy[other]] = [copy[other] as number | string, copy[index] as number | string];
  }
  return copy;
}

function uniformRandom(count: number, k: number, seed: number): number[] {
  const next = random(seed);
  return Array.from({ length: count }, () => Math.floor(next() * k));
}

function main(): void {
  if (!fs.existsSync(file)) {
    print(
      `skipped: ${path.relative(repoRoot, file)} is absent (the shared data sets are not here)`,
    );
    return;
  }
  const tweets = loadTweets();
  const truth = tweets.map((tweet) => tweet.reason);
  const reasons = new Set(truth).size;
  const report: Record<string, unknown> = { tweets: tweets.length, reasons };

  const sweep = [0.2, 0.25, 0.3, 0.35, 0.4].map((threshold) => {
    const options = { ...defaultClustererOptions, similarityThreshold: threshold };
    const run = online(tweets, options);
    const recluster = planRecluster(
      tweets.map((tweet, index) => ({ messageId: index, text: tweet.text, createdAt: tweet.at })),
      [],
      options,
    );
    const reclustered = tweets.map((_, index) => recluster.assignments.get(index)?.themeId ?? null);
    const themedShare = (themes: (number | null)[]) =>
      round(themes.filter((theme) => theme !== null).length / themes.length);
    const themedOnly = (themes: (number | null)[]) => {
      const kept = themes.flatMap((theme, index) => (theme === null ? [] : [index]));
      return score(
        kept.map((index) => themes[index] as number),
        kept.map((index) => truth[index] as string),
      );
    };
    return {
      threshold,
      reclustered_themed_only: themedOnly(reclustered),
      online: {
        ...score(named(run.themes), truth),
        themed: themedShare(run.themes),
        us_per_message: round(run.microseconds),
      },
      reclustered: { ...score(named(reclustered), truth), themed: themedShare(reclustered) },
      random_same_sizes: score(shuffledSizes(named(reclustered), 7), truth),
      labels: [...recluster.clusterer.themes.values()]
        .map((theme) => ({
          size: [...recluster.assignments.values()].filter((a) => a.themeId === theme.id).length,
          label: labelFromTerms(topTerms(theme.words, recluster.frequencies)),
        }))
        .sort((a, b) => b.size - a.size)
        .slice(0, 8),
    };
  });
  report.threshold_sweep = sweep.map(({ labels: _labels, ...rest }) => rest);
  const chosen = sweep.find(
    (entry) => entry.threshold === defaultClustererOptions.similarityThreshold,
  );
  report.chosen_threshold = defaultClustererOptions.similarityThreshold;
  report.largest_themes_at_chosen_threshold = chosen?.labels;
  report.baselines = {
    [`kmeans_tfidf_k${reasons}`]: score(kMeans(tweets, reasons, 1), truth),
    [`keyword_top${reasons}`]: score(keywordBaseline(tweets, reasons), truth),
    [`uniform_random_k${reasons}`]: score(uniformRandom(tweets.length, reasons, 3), truth),
  };
  if (json) {
    print(JSON.stringify(report, null, 2));
    return;
  }
  print(`negative airline tweets: ${tweets.length}, human reasons: ${reasons}`);
  print(
    'threshold | online NMI ARI themes themed% us/msg | reclustered NMI ARI themes themed% | reclustered, themed only NMI ARI | random-same-sizes NMI ARI',
  );
  for (const entry of sweep) {
    const o = entry.online;
    const r = entry.reclustered;
    const b = entry.random_same_sizes;
    print(
      `${entry.threshold.toFixed(2)}      | ${o.nmi} ${o.ari} ${o.clusters} ${(o.themed * 100).toFixed(0)}% ${o.us_per_message} | ${r.nmi} ${r.ari} ${r.clusters} ${(r.themed * 100).toFixed(0)}% | ${entry.reclustered_themed_only.nmi} ${entry.reclustered_themed_only.ari} | ${b.nmi} ${b.ari}`,
    );
  }
  print(`baselines: ${JSON.stringify(report.baselines)}`);
  print('largest themes at the chosen threshold (size, label):');
  for (const theme of chosen?.labels ?? []) print(`  ${theme.size}  ${theme.label}`);
}

main();
