import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openRuntime, type Runtime } from '../cli/runtime.js';
import { type Config, loadConfig } from '../platform/config.js';

/**
 * A real database of its own for a test file: a temp SQLite file, or, when DATABASE_URL is set
 * (as .ci/run does), a fresh PostgreSQL schema dropped afterwards. Never a mock.
 */
export interface TestRuntime extends Runtime {
  dataDir: string;
  postgresSchema: string | undefined;
  /** Environment for child processes that must use the same database. */
  childEnvironment: Record<string, string>;
}

const baseConfig = loadConfig();
export const usingPostgres = Boolean(baseConfig.databaseUrl);

export async function createTestRuntime(overrides: Partial<Config> = {}): Promise<TestRuntime> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearken-test-'));
  const postgresSchema = usingPostgres
    ? `test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`
    : undefined;
  if (postgresSchema)
    await withAdminClient((client) => client.query(`create schema ${postgresSchema}`));
  const config: Config = {
    ...baseConfig,
    dataDir,
    logLevel: 'silent',
    jobPollMilliseconds: 20,
    // Tests run their webhook receivers on this machine's loopback.
    allowInternalWebhooks: true,
    ...overrides,
  };
  const runtime = await openRuntime({ config, ...(postgresSchema ? { postgresSchema } : {}) });
  const childEnvironment: Record<string, string> = {
    HEARKEN_DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    ...(config.databaseUrl
      ? { DATABASE_URL: withSearchPath(config.databaseUrl, postgresSchema as string) }
      : {}),
  };
  return {
    ...runtime,
    dataDir,
    postgresSchema,
    childEnvironment,
    async close() {
      await runtime.close();
      if (postgresSchema) {
        await withAdminClient((client) => client.query(`drop schema ${postgresSchema} cascade`));
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A connection URL whose sessions use `schema` (libpq `options`), for child processes. */
function withSearchPath(url: string, schema: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('options', `-c search_path=${schema}`);
  return parsed.toString();
}

async function withAdminClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: baseConfig.databaseUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
