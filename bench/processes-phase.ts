import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openRuntime, type Runtime } from '../src/cli/runtime.js';
import { ingestPathKinds } from '../src/pipeline/index.js';
import { loadConfig } from '../src/platform/config.js';
import { countUnfinishedJobs } from '../src/platform/jobs/job-queue.js';
import { bareInsert } from './bare-insert.js';
import type { Corpus } from './corpus.js';
import { MessageGenerator } from './message-generator.js';
import { printLoad, printTraffic } from './phase-report.js';
import { postgresCeiling } from './postgres-ceiling.js';
import { BackendWatcher, CpuMeter } from './proc-accounting.js';
import { figure, note, rate } from './report.js';

const repositoryRoot = path.resolve(import.meta.dirname, '..');
const entry = path.join(repositoryRoot, 'bin/hearken.js');

export interface ProcessesResult {
  workers: number;
  messages: number;
  seconds: number;
  msgsPerSecond: number;
  /** Worker processes plus their backends, per message (ms). */
  cpuMsPerMessage: number;
  workerCpuMsPerMessage: number;
  backendCpuMsPerMessage: number;
  lockWaitShare: number;
  counts: Awaited<ReturnType<typeof outcomeCounts>>;
}

/**
 * The deployment the issue describes: the traffic written to a JSON Lines file, loaded with
 * `hearken import jsonl --no-process` (a child process) while `workers` separate `hearken worker`
 * processes drain the queue, on PostgreSQL when DATABASE_URL is set (a fresh schema per run) or
 * on a fresh SQLite file. The clock runs from the start of the import to the empty ingest-path
 * queue (ingest and listen jobs). CPU comes from /proc: of the worker processes (sampled from
 * the moment they report "started", so their start-up is not counted) and of their PostgreSQL
 * backends (by application_name). Then the ceiling on the same rows: a multi-row INSERT and a
 * COPY, with their client and backend CPU.
 */
export async function runProcessesPhase(
  corpus: Corpus,
  messages: number,
  seed: number,
  workers: number,
): Promise<ProcessesResult> {
  printLoad();
  const base = loadConfig();
  const runId = `hbench_${process.pid}_${workers}w`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearken-bench-'));
  const databaseUrl = base.databaseUrl;
  const schema = databaseUrl ? runId : undefined;
  const urlFor = (role: string) => {
    if (!databaseUrl) return undefined;
    const parsed = new URL(databaseUrl);
    parsed.searchParams.set('options', `-c search_path=${schema}`);
    parsed.searchParams.set('application_name', `${runId}_${role}`);
    return parsed.toString();
  };
  if (databaseUrl) await adminQuery(databaseUrl, `create schema ${schema}`);
  const config = {
    ...loadConfig({}),
    dataDir,
    logLevel: 'silent' as const,
    ...(databaseUrl ? { databaseUrl: urlFor('main') } : {}),
  };
  let runtime: Runtime | undefined;
  const children: ChildProcess[] = [];
  try {
    runtime = await openRuntime({ config, ...(schema ? { postgresSchema: schema } : {}) });
    const generator = new MessageGenerator(corpus, seed);
    const traffic = generator.generate(messages);
    printTraffic(traffic.facts);
    const file = path.join(dataDir, 'traffic.jsonl');
    fs.writeFileSync(file, `${traffic.deliveries.map((m) => JSON.stringify(m)).join('\n')}\n`);
    const environment = (role: string): NodeJS.ProcessEnv => {
      const url = urlFor(role);
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        HEARKEN_DATA_DIR: dataDir,
        LOG_LEVEL: 'warn',
      };
      if (url) env.DATABASE_URL = url;
      else delete env.DATABASE_URL;
      return env;
    };

    const watcher = databaseUrl ? new BackendWatcher(databaseUrl, runId) : null;
    const workerMeter = new CpuMeter();
    const started = await Promise.all(
      Array.from({ length: workers }, () => startChild(['worker'], environment('worker'))),
    );
    children.push(...started.map((child) => child.child));
    const workerPids = started.map(({ child }) => child.pid as number);
    await Promise.all(started.map((child) => child.ready));
    workerMeter.baseline(workerPids);
    await watcher?.start();

    const clock = performance.now();
    const importer = startChild(
      ['import', 'jsonl', file, '--no-process', '--json'],
      environment('import'),
      false,
    );
    children.push(importer.child);
    const importerMeter = new CpuMeter();
    const importPid = importer.child.pid as number;
    const meterImporter = setInterval(() => importerMeter.sample([importPid]), 100);
    const imported = await importer.finished;
    clearInterval(meterImporter);
    const importSeconds = (performance.now() - clock) / 1000;
    if (imported.code !== 0) throw new Error(`import failed: ${imported.stderr}`);
    const db = runtime.database.db;
    const kinds = [...ingestPathKinds];
    const meterWorkers = setInterval(() => workerMeter.sample(workerPids), 100);
    while ((await countUnfinishedJobs(db, kinds)) > 0) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const seconds = (performance.now() - clock) / 1000;
    clearInterval(meterWorkers);
    workerMeter.sample(workerPids);
    await watcher?.stop();
    const completed = await stopWorkers(started);

    const workerCpu = workerMeter.seconds();
    const backendCpu = watcher?.backendSeconds('worker') ?? 0;
    const importCpu = importerMeter.seconds();
    const importBackendCpu = watcher?.backendSeconds('import') ?? 0;
    const ms = (cpuSeconds: number) => (cpuSeconds * 1000) / messages;
    const suffix = `_${workers}w`;
    figure(`workers${suffix}`, workers);
    figure(`jobs_completed${suffix}`, completed.join('+'));
    figure(`import_s${suffix}`, importSeconds);
    figure(`ingest_s${suffix}`, seconds);
    figure(`ingest_msgs_per_s${suffix}`, rate(messages, seconds));
    figure(`worker_cpu_s${suffix}`, workerCpu);
    figure(`worker_cpu_ms_per_msg${suffix}`, ms(workerCpu));
    figure(`import_cpu_ms_per_msg${suffix}`, ms(importCpu));
    if (watcher) {
      figure(`backend_cpu_s${suffix}`, backendCpu);
      figure(`backend_cpu_ms_per_msg${suffix}`, ms(backendCpu));
      figure(`import_backend_cpu_ms_per_msg${suffix}`, ms(importBackendCpu));
      figure(`worker_plus_backend_cpu_ms_per_msg${suffix}`, ms(workerCpu + backendCpu));
      figure(`active_backend_samples${suffix}`, watcher.activeSamples);
      figure(`lock_wait_share${suffix}`, watcher.lockWaitShare());
      note(`waits of active backends: ${watcher.topWaits(6)}`);
    }

    const counts = await outcomeCounts(runtime);
    note(`outcome: ${JSON.stringify(counts)}`);
    if (counts.messages !== messages || counts.unprocessedEvents > 0 || counts.deadJobs > 0) {
      note(`warning: run incomplete (expected ${messages} messages)`);
    }

    const firstMessageId = 1;
    const totalCpu = workerCpu + backendCpu;
    if (databaseUrl) {
      const ceiling = await postgresCeiling(
        urlFor('ceiling') as string,
        `${runId}_ceiling`,
        runtime.organisationId,
        firstMessageId,
      );
      for (const [name, figures] of Object.entries(ceiling)) {
        const cpu = figures.clientCpuSeconds + figures.backendCpuSeconds;
        figure(`ceiling_${name}_rows_per_s${suffix}`, rate(figures.rows, figures.seconds));
        figure(`ceiling_${name}_client_cpu_ms_per_row${suffix}`, ms(figures.clientCpuSeconds));
        figure(`ceiling_${name}_backend_cpu_ms_per_row${suffix}`, ms(figures.backendCpuSeconds));
        figure(
          `ratio_vs_${name}${suffix}`,
          rate(messages, seconds) / rate(figures.rows, figures.seconds),
        );
        figure(`cpu_ratio_vs_${name}${suffix}`, cpu / totalCpu);
      }
    } else {
      const bare = await bareInsert(runtime, firstMessageId);
      figure(`ceiling_insert_rows_per_s${suffix}`, rate(bare.rows, bare.seconds));
      figure(`ceiling_insert_cpu_ms_per_row${suffix}`, ms(bare.cpuSeconds));
      figure(`ratio_vs_insert${suffix}`, rate(messages, seconds) / rate(bare.rows, bare.seconds));
      figure(`cpu_ratio_vs_insert${suffix}`, bare.cpuSeconds / workerCpu);
    }
    printLoad();
    return {
      workers,
      messages,
      seconds,
      msgsPerSecond: rate(messages, seconds),
      cpuMsPerMessage: ms(totalCpu),
      workerCpuMsPerMessage: ms(workerCpu),
      backendCpuMsPerMessage: ms(backendCpu),
      lockWaitShare: watcher?.lockWaitShare() ?? 0,
      counts,
    };
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await runtime?.close();
    if (databaseUrl) await adminQuery(databaseUrl, `drop schema if exists ${schema} cascade`);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

interface Child {
  child: ChildProcess;
  ready: Promise<void>;
  finished: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

function startChild(args: string[], env: NodeJS.ProcessEnv, waitsForStart = true): Child {
  const child = spawn(process.execPath, [entry, ...args], {
    cwd: repositoryRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => {
    stdout += String(chunk);
  });
  const ready = new Promise<void>((resolve, reject) => {
    if (!waitsForStart) resolve();
    child.stderr?.on('data', (chunk) => {
      stderr += String(chunk);
      if (stderr.includes('started')) resolve();
    });
    child.on('exit', () => reject(new Error(`hearken ${args[0]} exited: ${stderr}`)));
  });
  ready.catch(() => undefined);
  const finished = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
  return { child, ready, finished };
}

async function stopWorkers(workers: Child[]): Promise<number[]> {
  for (const { child } of workers) child.kill('SIGTERM');
  const results = await Promise.all(workers.map((worker) => worker.finished));
  return results.map((result) => {
    const last = result.stdout.trim().split('\n').pop() ?? '{}';
    try {
      return Number(JSON.parse(last).completed ?? 0);
    } catch {
      return 0;
    }
  });
}

/** What the run produced: the figures 1, 2 and 4 workers must agree on. */
async function outcomeCounts(runtime: Runtime) {
  const db = runtime.database.db;
  const count = async (table: 'messages' | 'conversations' | 'contacts' | 'theme_messages') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('count'))
          .executeTakeFirstOrThrow()
      ).count,
    );
  const unprocessed = await db
    .selectFrom('inbound_events')
    .select((eb) => eb.fn.countAll().as('count'))
    .where('processed_at', 'is', null)
    .executeTakeFirstOrThrow();
  const dead = await db
    .selectFrom('jobs')
    .select((eb) => eb.fn.countAll().as('count'))
    .where('status', '=', 'dead')
    .executeTakeFirstOrThrow();
  const themed = await db
    .selectFrom('theme_messages')
    .select((eb) => eb.fn.count('theme_id').as('count'))
    .executeTakeFirstOrThrow();
  return {
    messages: await count('messages'),
    conversations: await count('conversations'),
    contacts: await count('contacts'),
    themeRows: await count('theme_messages'),
    themedMessages: Number(themed.count),
    unprocessedEvents: Number(unprocessed.count),
    deadJobs: Number(dead.count),
  };
}

async function adminQuery(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
