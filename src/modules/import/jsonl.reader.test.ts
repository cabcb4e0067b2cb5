import { describe, expect, it } from 'vitest';
import { temporaryFolder } from '../../test/temporary-folder.js';
import { ImportFileError } from './import-errors.js';
import { jsonlReader, parseLine } from './jsonl.reader.js';
import { readAll } from './reader.test-helper.js';

const valid = {
  channel: 'email',
  channel_account: 'help@shop.example',
  external_id: 'm-1',
  author: { handle: 'ann@example.net', name: 'Ann' },
  text: 'Where is my parcel?',
  created_at: '2024-05-01T09:30:00+02:00',
};

describe('jsonl reader', () => {
  const folder = temporaryFolder('jsonl');

  it('reads valid lines and reports bad ones with line numbers and field paths', async () => {
    const lines = [
      JSON.stringify(valid),
      '',
      '{"channel": "email", oops}',
      JSON.stringify({ ...valid, external_id: 'm-2', author: { handle: 7 } }),
      JSON.stringify({ ...valid, external_id: 'm-3', created_at: 'yesterday' }),
      JSON.stringify({ ...valid, external_id: 'm-4', extra: true }),
      '   ',
      `${JSON.stringify({ ...valid, external_id: 'm-5', created_at: 1714548600000 })}\r`,
      '[1, 2]',
    ];
    const items = await readAll(jsonlReader, folder.write('mixed.jsonl', lines.join('\n')));
    expect(items.map((item) => [item.line, item.error === undefined])).toEqual([
      [1, true],
      [3, false],
      [4, false],
      [5, false],
      [6, false],
      [8, true],
      [9, false],
    ]);
    expect(items[0]?.message).toEqual(valid);
    expect(items[1]?.error).toMatch(/^invalid JSON/);
    expect(items[2]?.error).toMatch(/\/author\/handle/);
    expect(items[3]?.error).toMatch(/\/created_at/);
    expect(items[4]?.error).toMatch(/\/extra/);
    expect(items[6]?.error).toMatch(/^invalid message/);
  });

  it('refuses files that are not JSON Lines before reading any row', async () => {
    await expect(jsonlReader.check(folder.file('missing.jsonl'))).rejects.toThrow(ImportFileError);
    await expect(jsonlReader.check(folder.write('empty.jsonl', ''))).rejects.toThrow(/empty/);
    await expect(jsonlReader.check(folder.write('blank.jsonl', '\n\n  \n'))).rejects.toThrow(
      /no JSON/,
    );
    await expect(jsonlReader.open(folder.write('csv.jsonl', 'a,b\n1,2\n'))).rejects.toThrow(
      /does not look like JSON Lines: line 1/,
    );
  });

  it('parses a single line without a file', () => {
    expect(parseLine(7, JSON.stringify(valid))).toEqual({ line: 7, message: valid });
    expect(parseLine(8, '{}').error).toMatch(/invalid message/);
  });
});
