import path from 'node:path';
import { bareInsert } from './bare-insert.js';
import type { BenchOptions } from './bench-options.js';
import { type BenchRuntime, databaseMegabytes, openBenchRuntime } from './bench-runtime.js';
import type { Corpus } from './corpus.js';
import { profileCpu } from './cpu-profile.js';
import { countRunOutcome, runIngest } from './ingest-phase.js';
import { MessageGenerator } from './message-generator.js';
import {
  printCpuSummary,
  printLoad,
  printSqlProfile,
  printStages,
  printTraffic,
} from './phase-report.js';
import { prefillBulk, prefillThroughPipeline, tableCounts } from './prefill.js';
import type { Prototypes } from './prototypes.js';
import { figure, note, rate, timed } from './report.js';
import type { SqlProfile } from './sql-profile.js';
import type { StageTimes } from './stage-timing.js';

export interface PhaseResult {
  ingestRate: number;
  bareRate: number;
  ratio: number;
  /** The same in messages per CPU second of this process: robust to a busy machine. */
  ingestCpuRate: number;
  cpuRatio: number;
  /** The care path alone (accept + the ingest jobs and their care follow-ups, no listening). */
  careRatio: number;
  careCpuRatio: number;
}

export interface Probes {
  stageTimes: StageTimes;
  sqlProfile: SqlProfile | undefined;
  prototypes: Prototypes;
}

/**
 * One phase on a fresh database: optionally `stored` messages of history first, then the
 * measured run of `messages` through the pipeline, then the bare insert of the same rows.
 * Every key it prints ends with `suffix`, so the two phases' figures sit side by side.
 */
export async function runPhase(
  options: BenchOptions,
  corpus: Corpus,
  stored: number,
  suffix: string,
  probes: Probes,
): Promise<PhaseResult> {
  const phaseStarted = performance.now();
  printLoad();
  const runtime = await openBenchRuntime();
  try {
    const generator = new MessageGenerator(corpus, options.seed);
    const prefilled = stored > 0 ? await prefill(runtime, generator, stored, options.prefill) : {};
    await probes.prototypes.beforeIngest(runtime);

    const [traffic, generateSeconds] = await timed(() => generator.generate(options.messages));
    figure(`generate_s${suffix}`, generateSeconds);
    printTraffic(traffic.facts);

    const { stageTimes, sqlProfile } = probes;
    stageTimes.reset();
    sqlProfile?.reset();
    if (sqlProfile) sqlProfile.enabled = true;
    const profileDir = options.cpuProfileDir;
    const ingest = await runIngest(runtime, traffic.deliveries, {
      afterAccept(acceptSeconds) {
        if (!sqlProfile) return;
        printSqlProfile(sqlProfile, 'accept', acceptSeconds);
        sqlProfile.reset();
      },
      ...(profileDir
        ? {
            async aroundProcessing(drain) {
              const file = path.join(profileDir, `process${suffix || '_empty'}.cpuprofile`);
              const { summary } = await profileCpu(file, drain);
              printCpuSummary(summary, file);
            },
          }
        : {}),
    });
    if (sqlProfile) {
      sqlProfile.enabled = false;
      printSqlProfile(sqlProfile, 'process', ingest.processSeconds);
    }
    const outcome = await countRunOutcome(runtime, ingest.firstMessageId);
    if (outcome.messages !== options.messages || outcome.jobsLeft > 0 || ingest.jobsFailed > 0) {
      note(`warning: run incomplete: ${JSON.stringify({ ...outcome, failed: ingest.jobsFailed })}`);
    }
    figure(`accept_s${suffix}`, ingest.acceptSeconds);
    figure(`process_s${suffix}`, ingest.processSeconds);
    figure(`ingest_s${suffix}`, ingest.totalSeconds);
    figure(`accept_cpu_s${suffix}`, ingest.acceptCpuSeconds);
    figure(`process_cpu_s${suffix}`, ingest.processCpuSeconds);
    figure(`care_s${suffix}`, ingest.careSeconds);
    figure(`care_cpu_s${suffix}`, ingest.careCpuSeconds);
    figure(`listen_s${suffix}`, ingest.listenSeconds);
    figure(`listen_cpu_s${suffix}`, ingest.listenCpuSeconds);
    figure(`jobs_completed${suffix}`, ingest.jobsCompleted);
    figure(`listen_jobs_completed${suffix}`, ingest.listenJobsCompleted);
    figure(`accept_msgs_per_s${suffix}`, rate(ingest.messages, ingest.acceptSeconds));
    figure(`process_msgs_per_s${suffix}`, rate(ingest.messages, ingest.processSeconds));
    printStages(stageTimes, ingest, suffix);
    if (stored > 0) await checkPrefillShape(runtime, prefilled);

    const bare = await bareInsert(runtime, ingest.firstMessageId);
    figure(`bare_insert_s${suffix}`, bare.seconds);
    figure(`bare_insert_cpu_s${suffix}`, bare.cpuSeconds);
    const ingestRate = rate(ingest.messages, ingest.totalSeconds);
    const bareRate = rate(bare.rows, bare.seconds);
    figure(`ingest_msgs_per_s${suffix}`, ingestRate);
    figure(`bare_insert_rows_per_s${suffix}`, bareRate);
    figure(`ratio${suffix}`, ingestRate / bareRate);
    // The same in CPU time of this process, which other processes on the machine do not inflate.
    const ingestCpuRate = rate(ingest.messages, ingest.acceptCpuSeconds + ingest.processCpuSeconds);
    const bareCpuRate = rate(bare.rows, bare.cpuSeconds);
    figure(`ingest_msgs_per_cpu_s${suffix}`, ingestCpuRate);
    figure(`bare_insert_rows_per_cpu_s${suffix}`, bareCpuRate);
    figure(`cpu_ratio${suffix}`, ingestCpuRate / bareCpuRate);
    // The care path alone: what an agent waits for; listening catches up after it.
    const careRate = rate(ingest.messages, ingest.acceptSeconds + ingest.careSeconds);
    const careCpuRate = rate(ingest.messages, ingest.acceptCpuSeconds + ingest.careCpuSeconds);
    const listenCpuRate = rate(ingest.messages, ingest.listenCpuSeconds);
    figure(`care_msgs_per_s${suffix}`, careRate);
    figure(`care_msgs_per_cpu_s${suffix}`, careCpuRate);
    figure(`listen_msgs_per_cpu_s${suffix}`, listenCpuRate);
    figure(`ratio_care${suffix}`, careRate / bareRate);
    figure(`cpu_ratio_care${suffix}`, careCpuRate / bareCpuRate);
    figure(`database_mb${suffix}`, databaseMegabytes(runtime));
    figure(`phase_s${suffix}`, (performance.now() - phaseStarted) / 1000);
    printLoad();
    return {
      ingestRate,
      bareRate,
      ratio: ingestRate / bareRate,
      ingestCpuRate,
      cpuRatio: ingestCpuRate / bareCpuRate,
      careRatio: careRate / bareRate,
      careCpuRatio: careCpuRate / bareCpuRate,
    };
  } finally {
    await runtime.dispose();
  }
}

async function prefill(
  runtime: BenchRuntime,
  generator: MessageGenerator,
  stored: number,
  kind: BenchOptions['prefill'],
): Promise<Record<string, number>> {
  const [history, generateSeconds] = await timed(() => generator.generate(stored));
  figure('prefill_generate_s', generateSeconds);
  const [, seconds] = await timed(() =>
    kind === 'bulk' ? prefillBulk(runtime, history) : prefillThroughPipeline(runtime, history),
  );
  figure('prefill_s', seconds);
  const counts = await tableCounts(runtime);
  const shown = Object.entries(counts).filter(([, count]) => count > 0);
  note(`prefill (${kind}): ${shown.map(([table, count]) => `${table} ${count}`).join(', ')}`);
  return counts;
}

/**
 * The bulk prefill writes the tables the pipeline had when it was written. A table the measured
 * run fills but the prefill left empty means the pipeline has grown since: say so, because the
 * stored state then lacks something the pipeline would have produced.
 */
async function checkPrefillShape(runtime: BenchRuntime, prefilled: Record<string, number>) {
  const after = await tableCounts(runtime);
  const missing = Object.keys(after).filter(
    (table) => (prefilled[table] ?? 0) === 0 && (after[table] ?? 0) > 0,
  );
  if (missing.length > 0) {
    note(
      `warning: the pipeline writes ${missing.join(', ')}, which the bulk prefill leaves empty; ` +
        'compare with --prefill pipeline',
    );
  }
}
