import { describe, expect, it } from 'vitest';
import { captureCliIo } from '../test/cli-io.js';
import { CliUsageError, parseArguments } from './command.js';
import { main } from './main.js';

describe('CLI arguments', () => {
  it('parses flags in both spellings and keeps positionals', () => {
    const parsed = parseArguments(['twcs', '--json', '--limit', '5', '--format=csv', 'file.csv'], {
      json: 'boolean',
      limit: 'string',
      format: 'string',
    });
    expect(parsed.positionals).toEqual(['twcs', 'file.csv']);
    expect(parsed.flags.get('json')).toBe(true);
    expect(parsed.flags.get('limit')).toBe('5');
    expect(parsed.flags.get('format')).toBe('csv');
  });

  it('refuses unknown options and missing values', () => {
    expect(() => parseArguments(['--jsno'], { json: 'boolean' })).toThrow(CliUsageError);
    expect(() => parseArguments(['--limit'], { limit: 'string' })).toThrow(/needs a value/);
    expect(() => parseArguments(['--json=1'], { json: 'boolean' })).toThrow(/takes no value/);
  });

  it('exits with 2 and help for an unknown command', async () => {
    const { io, err } = captureCliIo();
    expect(await main(['frobnicate'], io)).toBe(2);
    expect(err()).toContain('unknown command "frobnicate"');
  });
});
