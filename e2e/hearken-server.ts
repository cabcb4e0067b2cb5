import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const repository = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(repository, 'bin', 'hearken.js');

/** A real `hearken serve` on a free port with its own data: a temp dir, or a fresh PG schema. */
export interface HearkenServer {
  url: string;
  adminEmail: string;
  adminPassword: string;
  environment: NodeJS.ProcessEnv;
  /** Starts another process on the same database (live updates across processes). */
  startPeer(extra?: NodeJS.ProcessEnv): Promise<{ url: string; stop(): Promise<void> }>;
  stop(): Promise<void>;
}

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

async function withAdmin<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function runCli(args: string[], environment: NodeJS.ProcessEnv): string {
  const result = spawnSync(process.execPath, [cli, ...args], {
    cwd: repository,
    env: environment,
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    throw new Error(`hearken ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}

async function serve(
  environment: NodeJS.ProcessEnv,
): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const port = await freePort();
  const child = spawn(process.execPath, [cli, 'serve'], {
    cwd: repository,
    env: { ...environment, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`hearken serve exited:\n${output}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`hearken serve did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { child, url, output: () => output };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

export async function startHearken(
  options: { demo?: boolean; environment?: Record<string, string> } = {},
): Promise<HearkenServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearken-e2e-'));
  const adminEmail = 'admin@example.com';
  const baseUrl = process.env.DATABASE_URL;
  const schema = baseUrl ? `e2e_${process.pid}_${Math.random().toString(36).slice(2, 8)}` : null;
  let databaseUrl: string | undefined;
  if (baseUrl && schema) {
    await withAdmin(baseUrl, (client) => client.query(`create schema ${schema}`));
    const parsed = new URL(baseUrl);
    parsed.searchParams.set('options', `-c search_path=${schema}`);
    databaseUrl = parsed.toString();
  }
  const environment: NodeJS.ProcessEnv = {
    ...process.env,
    HOST: '127.0.0.1',
    HEARKEN_DATA_DIR: dataDir,
    HEARKEN_ADMIN_EMAIL: adminEmail,
    HEARKEN_JOB_POLL_MS: '50',
    LOG_LEVEL: 'warn',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...options.environment,
  };
  if (options.demo) runCli(['demo'], environment);
  const main = await serve(environment);
  const password = /password:\s+(\S+)/.exec(main.output())?.[1];
  if (!password) throw new Error(`no admin password in the server output:\n${main.output()}`);
  const peers: ChildProcess[] = [];
  return {
    url: main.url,
    adminEmail,
    adminPassword: password,
    environment,
    async startPeer(extra = {}) {
      const peer = await serve({ ...environment, ...extra });
      peers.push(peer.child);
      return { url: peer.url, stop: () => stopChild(peer.child) };
    },
    async stop() {
      await Promise.all([...peers, main.child].map(stopChild));
      if (baseUrl && schema) {
        await withAdmin(baseUrl, (client) => client.query(`drop schema ${schema} cascade`));
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
