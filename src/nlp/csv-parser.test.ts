import { describe, expect, it } from 'vitest';
import { parseCsv, parseCsvWithHeader } from './csv-parser.js';

describe('parseCsv', () => {
  it('handles quoted commas, doubled quotes and newlines inside fields', () => {
    const records = parseCsv(
      'text,label\n"hello, world",a\n"she said ""hi""\nthen left",b\r\nplain,c\n',
    );
    expect(records.map((record) => record.fields)).toEqual([
      ['text', 'label'],
      ['hello, world', 'a'],
      ['she said "hi"\nthen left', 'b'],
      ['plain', 'c'],
    ]);
    expect(records.map((record) => record.line)).toEqual([1, 2, 3, 5]);
  });

  it('reads a lone carriage return as a space and keeps empty fields', () => {
    expect(parseCsv('a\rb,,c').map((record) => record.fields)).toEqual([['a b', '', 'c']]);
  });

  it('names the file and line of an unclosed quote', () => {
    expect(() => parseCsv('x\n"never closed', 'data.csv')).toThrow('data.csv:2: quoted field');
  });
});

describe('parseCsvWithHeader', () => {
  it('maps rows to columns and reports missing columns and bad rows', () => {
    expect(parseCsvWithHeader('text,label\nhi,a\n', ['text', 'label'])).toEqual([
      { line: 2, values: { text: 'hi', label: 'a' } },
    ]);
    expect(() => parseCsvWithHeader('body,label\n', ['text'], 'f.csv')).toThrow(
      'f.csv:1: missing column(s) text',
    );
    expect(() => parseCsvWithHeader('text,label\nonly\n', ['text'], 'f.csv')).toThrow(
      'f.csv:2: expected 2 fields, found 1',
    );
  });
});
