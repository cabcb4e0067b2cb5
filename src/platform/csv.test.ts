import { describe, expect, it } from 'vitest';
import { collect } from '../test/collect.js';
import {
  CsvFieldTooLongError,
  type CsvRecord,
  parseCsv,
  parseCsvText,
  parseCsvWithHeader,
  replaceLoneCarriageReturns,
} from './csv.js';

async function* chunksOf(parts: string[]): AsyncGenerator<string> {
  yield* parts;
}

/** Parses the text cut into chunks at every possible position, to catch boundary bugs. */
async function parseEverySplit(text: string): Promise<CsvRecord[][]> {
  const results: CsvRecord[][] = [];
  for (let cut = 0; cut <= text.length; cut++) {
    results.push(await collect(parseCsv(chunksOf([text.slice(0, cut), text.slice(cut)]))));
  }
  results.push(await collect(parseCsv(chunksOf([...text]))));
  return results;
}

describe('parseCsv', () => {
  it('handles quoted commas, doubled quotes and newlines inside fields', () => {
    const records = parseCsvText(
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

  it('splits plain records and numbers their lines', () => {
    const records = parseCsvText('a,b,c\n1,2,3\n4,5,6\n');
    expect(records).toEqual([
      { fields: ['a', 'b', 'c'], line: 1 },
      { fields: ['1', '2', '3'], line: 2 },
      { fields: ['4', '5', '6'], line: 3 },
    ]);
  });

  it('keeps commas, doubled quotes and empty quoted fields inside quotes', () => {
    const records = parseCsvText('"a,b","say ""hi""",""\n');
    expect(records[0]?.fields).toEqual(['a,b', 'say "hi"', '']);
  });

  it('keeps embedded newlines and gives the line on which each record starts', () => {
    const text = 'id,text\n1,"first\nsecond\nthird"\n2,plain\n3,"x\r\ny"\n4,z';
    const records = parseCsvText(text);
    expect(records.map((record) => record.line)).toEqual([1, 2, 5, 6, 8]);
    expect(records[1]?.fields).toEqual(['1', 'first\nsecond\nthird']);
    expect(records[3]?.fields).toEqual(['3', 'x\r\ny']);
    expect(records[4]?.fields).toEqual(['4', 'z']);
  });

  it('accepts CRLF line ends and no final newline', () => {
    const records = parseCsvText('a,b\r\n1,"2"\r\n3,4');
    expect(records.map((record) => record.fields)).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
    ]);
  });

  it('keeps empty fields, including a trailing one', () => {
    const records = parseCsvText(',a,,\n');
    expect(records[0]?.fields).toEqual(['', 'a', '', '']);
  });

  it('skips blank lines but counts them', () => {
    const records = parseCsvText('a\n\n\r\nb\n\n');
    expect(records).toEqual([
      { fields: ['a'], line: 1 },
      { fields: ['b'], line: 4 },
    ]);
  });

  it('strips a byte order mark', () => {
    const records = parseCsvText('\ufeffid,text\n1,x\n');
    expect(records[0]?.fields).toEqual(['id', 'text']);
  });

  it('is lenient with stray quotes like Python csv', () => {
    const records = parseCsvText('a"b,"c"d\n');
    expect(records[0]?.fields).toEqual(['a"b', 'cd']);
  });

  it('reports an unterminated quote with the line where its record starts', () => {
    const records = parseCsvText('a,b\n1,"never closed\nmore\n');
    expect(records[1]).toMatchObject({ line: 2 });
    expect(records[1]?.error).toMatch(/unterminated quoted field.*line 2/);
  });

  it('stops at a field that never ends instead of buffering the file', async () => {
    const chunks = chunksOf(['id,text\n1,"opened', ' and never closed'.repeat(10), '\n2,x\n']);
    const records = parseCsv(chunks, { maxFieldLength: 100 });
    await expect(collect(records)).rejects.toThrow(CsvFieldTooLongError);
  });

  it('gives the same records whatever the chunk boundaries', async () => {
    const text = 'h1,h2\r\n"a ""q"", b",x\r\n"multi\nline",\r\nlast,"end"';
    const expected = parseCsvText(text);
    expect(expected).toHaveLength(4);
    for (const result of await parseEverySplit(text)) expect(result).toEqual(expected);
  });
});

describe('replaceLoneCarriageReturns', () => {
  it('turns a bare \\r into a space and leaves CRLF alone', async () => {
    const out = await collect(replaceLoneCarriageReturns(chunksOf(['a\rb\r\nc\r'])));
    expect(out.join('')).toBe('a b\r\nc ');
  });

  it('looks across chunk boundaries before deciding', async () => {
    const out = await collect(replaceLoneCarriageReturns(chunksOf(['a\r', '\nb\r', 'c'])));
    expect(out.join('')).toBe('a\r\nb c');
  });

  it('keeps an unquoted field with a bare \\r in one record, on one line', async () => {
    const text = 'id,text\n1,broken\rtext here\n2,next\n';
    const records = await collect(parseCsv(replaceLoneCarriageReturns(chunksOf([text]))));
    expect(records).toEqual([
      { fields: ['id', 'text'], line: 1 },
      { fields: ['1', 'broken text here'], line: 2 },
      { fields: ['2', 'next'], line: 3 },
    ]);
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

  it('reads a lone carriage return as a space and keeps empty fields', () => {
    expect(parseCsvWithHeader('a,b,c\nx\ry,,z', [])).toEqual([
      { line: 2, values: { a: 'x y', b: '', c: 'z' } },
    ]);
  });

  it('names the file and line of an unclosed quote', () => {
    expect(() => parseCsvWithHeader('x\n"never closed', ['x'], 'data.csv')).toThrow(
      'data.csv:2: quoted field is never closed',
    );
  });
});
