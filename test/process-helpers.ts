import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../src/platform/database/schema.js';

export const repositoryRoot = path.resolve(import.meta.dirname, '..');
const entry = path.join(repositoryRoot, 'bin/hearken.js');

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Starts `hearken ...` as a real child process with the test's database settings. */
export function startHearken(
  args: string[],
  environment: Record<string, string>,
): {
  child: ChildProcess;
  finished: Promise<Finished>;
} {
  const child = spawn(process.execPath, [entry, ...args], {
    cwd: repositoryRoot,
    env: { ...process.env, ...environment },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => {
    stdout += String(chunk);
  });
  child.stderr?.on('data', (chunk) => {
    stderr += String(chunk);
  });
  const finished = new Promise<Finished>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, finished };
}

export async function runHearken(args: string[], environment: Record<string, string>) {
  return startHearken(args, environment).finished;
}

/**
 * What listening has counted: theme rows (one per customer message listened to), the hourly
 * volumes and the themes' counters. Each must equal the customer messages exactly once.
 */
export async function listeningCounts(db: Kysely<Database>) {
  const themed = await db
    .selectFrom('theme_messages')
    .select((eb) => [eb.fn.countAll().as('rows'), eb.fn.count('theme_id').as('themed')])
    .executeTakeFirstOrThrow();
  const volume = await db
    .selectFrom('listening_volume_hourly')
    .select((eb) => eb.fn.sum('message_count').as('messages'))
    .executeTakeFirstOrThrow();
  const themes = await db
    .selectFrom('themes')
    .select((eb) => eb.fn.sum('message_count').as('messages'))
    .where('status', '!=', 'merged')
    .executeTakeFirstOrThrow();
  return {
    themeRows: Number(themed.rows),
    volumeMessages: Number(volume.messages ?? 0),
    themeCounters: Number(themes.messages ?? 0),
    themedMessages: Number(themed.themed),
  };
}
