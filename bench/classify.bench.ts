import os from 'node:os';
import { createClassifier, ModelRegistry } from '../src/nlp/index.js';
import { cpuSeconds } from '../src/nlp/task-runner.js';
import { defaultDataDir, loadCorpus } from './corpus.js';
import { figure, note, print } from './report.js';

/**
 * `npm run bench:classify`: messages per CPU second through the full multi-task `classify` (the
 * pipeline's classify stage: sentiment, anger, complaint, intent, language, churn rules) on one
 * core, over real customer and brand tweets (TWCS and airline). CPU seconds of this process, not
 * wall-clock seconds, because the machine is shared (see docs/nlp-figures.md, "Throughput").
 * Prints `key=value` figures and PASS/MISS; exits 0 either way, since it is a measurement.
 */
const GOAL_MSGS_PER_S = 100_000;

function main(): void {
  const dataDir = readFlag('--data') ?? defaultDataDir;
  const rounds = Number(readFlag('--rounds') ?? 5);
  const corpus = loadCorpus(dataDir, note);
  const texts = [...corpus.customerTexts, ...corpus.brandTexts];
  note(`texts: ${corpus.source}; ${texts.length} messages x ${rounds} rounds`);
  note(`node ${process.version}, ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? '?'}`);
  note(`load average before: ${loadAverage()}`);
  const classifier = createClassifier(new ModelRegistry());
  // Warm-up: loads the models, builds the merged scorer and lets V8 optimise the hot loops.
  for (let pass = 0; pass < 2; pass++) for (const text of texts) classifier.classify(text);
  const perRound: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const seconds = cpuSeconds(() => {
      for (const text of texts) classifier.classify(text);
    });
    perRound.push(texts.length / seconds);
  }
  perRound.sort((left, right) => left - right);
  const median = perRound[perRound.length >> 1] as number;
  note(`per round (msgs per CPU second): ${perRound.map((value) => Math.round(value)).join(' ')}`);
  note(`load average after: ${loadAverage()}`);
  figure('classify_msgs_per_s', Math.round(median));
  figure('classify_best_msgs_per_s', Math.round(perRound[perRound.length - 1] as number));
  figure('classify_us_per_msg', 1e6 / median);
  figure('classify_goal_msgs_per_s', GOAL_MSGS_PER_S);
  print(`${median >= GOAL_MSGS_PER_S ? 'PASS' : 'MISS'} classify throughput >= ${GOAL_MSGS_PER_S}`);
}

function readFlag(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index === -1 ? undefined : process.argv[index + 1];
}

function loadAverage(): string {
  return os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
}

main();
