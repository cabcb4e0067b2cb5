import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

const repositoryRoot = path.resolve(import.meta.dirname, '..');
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

export { listeningCounts } from '../src/test/listening-fixtures.js';
