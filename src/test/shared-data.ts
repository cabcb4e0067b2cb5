import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The shared real data sets sit beside the repository (`../shared/data`, see its README), as in
 * CI; tests that read them are skipped where they are absent.
 */
export const sharedDataDirectory = path.resolve(import.meta.dirname, '../../../shared/data');

/** A file or folder of the shared data sets, and whether it is there. */
export function sharedDataFile(relativePath: string): { file: string; present: boolean } {
  const file = path.join(sharedDataDirectory, relativePath);
  return { file, present: existsSync(file) };
}
