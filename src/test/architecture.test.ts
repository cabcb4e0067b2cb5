import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * What the dependency rules (.dependency-cruiser.cjs) cannot see, because it is a call rather than
 * an import: Kysely's query builders (`trx.selectFrom(...)`) are reached through a type-only
 * import of `Kysely`. SQL lives in repositories and platform/ only.
 */
const root = path.resolve(import.meta.dirname, '..');
const queryBuilders = /\.(selectFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto)\(/;

function sourceFiles(folder: string): string[] {
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

function isExempt(file: string): boolean {
  const relative = path.relative(root, file).split(path.sep).join('/');
  return (
    relative.startsWith('platform/') ||
    relative.startsWith('test/') ||
    relative.endsWith('.repository.ts') ||
    relative.endsWith('.test.ts') ||
    relative.endsWith('.test-helper.ts')
  );
}

describe('architecture', () => {
  it('builds SQL only in repositories and platform/', () => {
    const offenders = sourceFiles(root)
      .filter((file) => !isExempt(file))
      .filter((file) => queryBuilders.test(fs.readFileSync(file, 'utf8')))
      .map((file) => path.relative(root, file));
    expect(offenders).toEqual([]);
  });

  it("reads process.env only in the config module and the tests' environment helper", () => {
    // This file names what it looks for.
    const allowed = new Set([
      'platform/config.ts',
      'test/test-environment.ts',
      'test/architecture.test.ts',
    ]);
    const offenders = sourceFiles(root)
      .map((file) => path.relative(root, file).split(path.sep).join('/'))
      .filter((relative) => !allowed.has(relative))
      .filter((relative) =>
        /process\.env\b/.test(fs.readFileSync(path.join(root, relative), 'utf8')),
      );
    expect(offenders).toEqual([]);
  });
});
