import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

export interface TemporaryFolder {
  path: string;
  /** The path of a file in the folder (not created). */
  file(name: string): string;
  /** Writes a file (creating its subfolders) and returns its path. */
  write(name: string, content: string): string;
}

/**
 * A folder of its own under the system's temporary directory, made at once (a describe body can
 * write into it while tests are collected) and removed after the tests of the enclosing describe,
 * or of the file when called at the top level.
 */
export function temporaryFolder(name: string): TemporaryFolder {
  const folder = mkdtempSync(path.join(os.tmpdir(), `hearken-${name}-`));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  const file = (fileName: string) => path.join(folder, fileName);
  return {
    path: folder,
    file,
    write(fileName, content) {
      const target = file(fileName);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, content);
      return target;
    },
  };
}
