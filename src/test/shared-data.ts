import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The shared real data sets sit beside the repository (`../shared/data`, see its README), as in
 * CI; tests that read them are skipped where they are absent.
 */
export const sharedDataDirectory = path.resolve(import.meta.dirname, '../../../shared/data');

/**
 * A file or folder of the shared data sets, and whether it is there. When it is not, the reason
 * the tests reading it skip is printed, so a skip is never silent.
 */
export function sharedDataFile(relativePath: string): { file: string; present: boolean } {
  const file = path.join(sharedDataDirectory, relativePath);
  const present = existsSync(file);
  if (!present) {
    process.stderr.write(
      `skipping the tests that read ${relativePath === '.' ? 'the shared data' : relativePath}: ${file} is absent (the shared data sets ` +
        'sit beside the repository, see ../shared/data/README.md)\n',
    );
  }
  return { file, present };
}
