import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openRuntime } from '../src/cli/runtime.js';
import { createApiToken, createUser } from '../src/modules/auth/index.js';
import { loadConfig } from '../src/platform/config.js';
import type { BenchRuntime } from './bench-runtime.js';
import { runIngest } from './ingest-phase.js';
import type { MessageGenerator } from './message-generator.js';

export const agentPassword = 'load bench agent password';

/** Where the server's data lives: a temp folder, and on PostgreSQL a schema of its own. */
export interface LoadDatabase {
  dataDir: string;
  databaseUrl: string | undefined;
  postgresSchema: string | undefined;
  /** Environment for the server process: the same database as the bench's runtime. */
  environment: Record<string, string>;
  drop(): Promise<void>;
}

/**
 * A fresh database: embedded SQLite in a temp folder, or, when DATABASE_URL is set, a new schema
 * in that PostgreSQL database (dropped afterwards), so the bench never touches real data.
 */
export async function createLoadDatabase(): Promise<LoadDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearken-load-'));
  const { databaseUrl } = loadConfig();
  const postgresSchema = databaseUrl ? `bench_load_${process.pid}` : undefined;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  if (postgresSchema) await admin(`create schema ${postgresSchema}`);
  const environment: Record<string, string> = { HEARKEN_DATA_DIR: dataDir };
  if (databaseUrl && postgresSchema) {
    const url = new URL(databaseUrl);
    url.searchParams.set('options', `-c search_path=${postgresSchema}`);
    environment.DATABASE_URL = url.toString();
  }
  return {
    dataDir,
    databaseUrl,
    postgresSchema,
    environment,
    async drop() {
      if (postgresSchema) await admin(`drop schema ${postgresSchema} cascade`);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Prefilled {
  agentEmails: string[];
  inboundToken: string;
  storedMessages: number;
}

/**
 * Fills the database through the pipeline itself (acceptInbound and the worker, as
 * bench:ingest's `--prefill pipeline`), so conversations carry their classifications, SLA clocks
 * and report rollups as a live instance has them; then creates the agents and an inbound token.
 */
export async function prefill(
  database: LoadDatabase,
  generator: MessageGenerator,
  stored: number,
  agents: number,
): Promise<Prefilled> {
  const config = {
    ...loadConfig({}),
    dataDir: database.dataDir,
    logLevel: 'silent' as const,
    ...(database.databaseUrl ? { databaseUrl: database.databaseUrl } : {}),
  };
  const runtime = await openRuntime({
    config,
    ...(database.postgresSchema ? { postgresSchema: database.postgresSchema } : {}),
  });
  try {
    const benchRuntime: BenchRuntime = { ...runtime, dataDir: database.dataDir, dispose: close };
    if (stored > 0) await runIngest(benchRuntime, generator.generate(stored).deliveries);
    const agentEmails: string[] = [];
    for (let index = 0; index < agents; index++) {
      const email = `agent${index + 1}@load.example`;
      const role = index % 5 === 0 ? 'lead' : 'agent';
      const user = { email, name: `Agent ${index + 1}`, role, password: agentPassword } as const;
      await createUser(runtime, runtime.organisationId, user, null);
      agentEmails.push(email);
    }
    const token = await createApiToken(
      runtime,
      runtime.organisationId,
      { name: 'load bench', scopes: ['inbound:write'] },
      null,
    );
    return { agentEmails, inboundToken: token.token, storedMessages: stored };
  } finally {
    await runtime.close();
  }
}

async function close(): Promise<void> {}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface RunningServer {
  url: string;
  /** CPU seconds (user + system) the server process has used so far, from /proc. */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

/**
 * `hearken serve` in a process of its own, as an operator runs it (embedded worker included),
 * on loopback only. Its warnings and errors are passed through to stderr.
 */
export async function startServer(
  database: LoadDatabase,
  extraEnvironment: Record<string, string>,
): Promise<RunningServer> {
  const port = await freePort();
  const root = path.resolve(import.meta.dirname, '..');
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(root, 'bin/hearken.js'), 'serve'],
    {
      cwd: root,
      env: {
        ...process.env,
        ...database.environment,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        ...extraEnvironment,
      },
      stdio: ['ignore', 'inherit', 'pipe'],
    },
  );
  // The first-start banner goes to stderr; only lines that look like problems are shown.
  child.stderr?.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) {
      if (/error|warn|fail/i.test(line)) process.stderr.write(`[server] ${line}\n`);
    }
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const response = await fetch(`${url}/api/v1/auth/session`);
      if (response.status < 500) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('server did not start within 60 s');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    cpuSeconds() {
      const stat = fs.readFileSync(`/proc/${child.pid}/stat`, 'utf8');
      // Fields after the parenthesised command name; utime and stime are the 12th and 13th.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return (Number(fields[11]) + Number(fields[12])) / 100;
    },
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
