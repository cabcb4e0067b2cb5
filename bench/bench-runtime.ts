import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openRuntime, type Runtime } from '../src/cli/runtime.js';
import { loadConfig } from '../src/platform/config.js';

export interface BenchRuntime extends Runtime {
  dataDir: string;
  /** Closes the runtime and deletes its data folder. */
  dispose(): Promise<void>;
}

/**
 * A runtime on a fresh embedded SQLite database in a temp folder: never the user's ./data, and
 * never DATABASE_URL (the config is built from the defaults, not from the environment), so the
 * figures are always those of the embedded default with the default worker settings.
 */
export async function openBenchRuntime(): Promise<BenchRuntime> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearken-bench-'));
  const config = { ...loadConfig({}), dataDir, logLevel: 'silent' as const };
  const runtime = await openRuntime({ config });
  return {
    ...runtime,
    dataDir,
    async dispose() {
      await runtime.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function databaseFile(runtime: BenchRuntime): string {
  return path.join(runtime.dataDir, 'hearken.db');
}

/** Size of the database file plus its WAL, in MB. */
export function databaseMegabytes(runtime: BenchRuntime): number {
  let bytes = 0;
  for (const suffix of ['', '-wal']) {
    const file = `${databaseFile(runtime)}${suffix}`;
    if (fs.existsSync(file)) bytes += fs.statSync(file).size;
  }
  return bytes / 1e6;
}
