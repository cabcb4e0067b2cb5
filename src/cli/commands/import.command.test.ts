import { describe, expect, it } from 'vitest';
import { captureCliIo } from '../../test/cli-io.js';
import { temporaryFolder } from '../../test/temporary-folder.js';
import { CliUsageError } from '../command.js';
import { describeSummary, importCommand } from './import.command.js';

describe('hearken import', () => {
  const folder = temporaryFolder('import-command');

  it('refuses bad usage', async () => {
    const { io: streams } = captureCliIo();
    await expect(importCommand.run([], streams)).rejects.toThrow(CliUsageError);
    await expect(importCommand.run(['csv', 'x.csv'], streams)).rejects.toThrow(
      /unknown format "csv"/,
    );
    await expect(importCommand.run(['twcs', 'a', 'b'], streams)).rejects.toThrow(CliUsageError);
    await expect(importCommand.run(['twcs', 'a', '--fast'], streams)).rejects.toThrow(/--fast/);
    await expect(importCommand.run(['airline', 'a', '--brand', 'X'], streams)).rejects.toThrow(
      /only applies to the twcs format/,
    );
  });

  it('exits with 2 on a missing, empty or foreign file, before opening the database', async () => {
    const empty = folder.write('empty.csv', '');
    const foreign = folder.write('foreign.csv', 'id,body\n1,hello\n');
    for (const [format, file, message] of [
      ['twcs', folder.file('missing.csv'), /file not found/],
      ['airline', empty, /empty/],
      ['airline', foreign, /does not look like a Twitter US Airline Sentiment file/],
    ] as const) {
      const { io: streams, err } = captureCliIo();
      expect(await importCommand.run([format, file], streams)).toBe(2);
      expect(err()).toMatch(message);
    }
  });

  it('summarises counts, the first row errors and times', () => {
    const text = describeSummary({
      format: 'jsonl',
      file: '/tmp/messages.jsonl',
      rowsRead: 30,
      accepted: 5,
      duplicates: 3,
      rowErrorCount: 22,
      rowErrors: Array.from({ length: 20 }, (_, index) => ({
        line: index + 2,
        message: 'invalid JSON',
      })),
      processed: true,
      failedJobs: 0,
      readSeconds: 0.5,
      processSeconds: 0.25,
      rowsPerSecond: 60,
    });
    expect(text).toContain('Imported messages.jsonl (jsonl)');
    expect(text).toMatch(/row errors +22/);
    expect(text).toContain('line 21: invalid JSON');
    expect(text).toContain('... and 2 more');
    expect(text).toMatch(/read time +0\.5 s \(60 rows\/s\)/);
  });
});
