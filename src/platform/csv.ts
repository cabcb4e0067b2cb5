export interface CsvRecord {
  fields: string[];
  /** Physical line (1-based) on which the record starts; a quoted newline spans several. */
  line: number;
  /** Set when the record is malformed (an unterminated quote at the end of the input). */
  error?: string;
}

export interface CsvParseOptions {
  /** Longest field accepted; a longer one is almost always an unterminated quote. */
  maxFieldLength?: number;
}

const defaultMaxFieldLength = 8 * 1024 * 1024;

/**
 * An unterminated quote makes the rest of the file one field; the parser cannot resynchronise
 * after it, so it stops rather than buffer the whole file.
 */
export class CsvFieldTooLongError extends Error {
  override name = 'CsvFieldTooLongError';

  constructor(
    readonly line: number,
    maxFieldLength: number,
  ) {
    super(
      `the record starting on line ${line} has a field longer than ${maxFieldLength} characters ` +
        '(probably a quote that is never closed)',
    );
  }
}

const comma = 44;
const quote = 34;
const newline = 10;
const carriageReturn = 13;

type State = 'fieldStart' | 'unquoted' | 'quoted' | 'quoteInQuoted' | 'afterQuoted';

/**
 * RFC 4180 records out of text chunks: quoted fields may hold commas, doubled quotes and
 * newlines, records end with LF or CRLF. The state survives chunk boundaries, so a record is
 * never re-scanned and memory holds at most one record, whatever the file size.
 *
 * Lenient where real exports are sloppy (as Python's csv module is): a quote in the middle of an
 * unquoted field is kept as a character, and text after a closing quote is appended to the field.
 */
class CsvTokeniser {
  private state: State = 'fieldStart';
  private fields: string[] = [];
  private field = '';
  private line = 1;
  private recordLine = 1;
  private recordStarted = false;
  private first = true;

  constructor(private readonly maxFieldLength: number) {}

  /** The records completed by this chunk. */
  push(text: string): CsvRecord[] {
    let chunk = text;
    if (this.first && chunk.length > 0) {
      this.first = false;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    // The state lives in locals while scanning: the loop is the import's hot path.
    let { state, fields, field, line, recordLine, recordStarted } = this;
    const length = chunk.length;
    let index = 0;
    const records: CsvRecord[] = [];
    while (index < length) {
      if (state === 'fieldStart' || state === 'unquoted') {
        if (!recordStarted) {
          recordStarted = true;
          recordLine = line;
        }
        if (state === 'fieldStart' && chunk.charCodeAt(index) === quote) {
          state = 'quoted';
          index++;
          continue;
        }
        // Scan the unquoted run in one go; slicing beats appending character by character.
        let end = index;
        while (end < length) {
          const code = chunk.charCodeAt(end);
          if (code === comma || code === newline) break;
          end++;
        }
        field += chunk.slice(index, end);
        if (end === length) {
          state = 'unquoted';
          index = end;
          break;
        }
        if (chunk.charCodeAt(end) === comma) {
          fields.push(field);
          field = '';
          state = 'fieldStart';
        } else {
          const last = stripTrailingCarriageReturn(field);
          // A blank line is no record (as in Python's csv): keeps trailing empty lines harmless.
          if (fields.length > 0 || last !== '') {
            fields.push(last);
            records.push({ fields, line: recordLine });
          }
          field = '';
          fields = [];
          recordStarted = false;
          state = 'fieldStart';
          line++;
        }
        index = end + 1;
        continue;
      }
      if (state === 'quoted') {
        const end = chunk.indexOf('"', index);
        const stop = end === -1 ? length : end;
        const quoted = chunk.slice(index, stop);
        line += countNewlines(quoted);
        field += quoted;
        if (end === -1) {
          index = length;
          break;
        }
        state = 'quoteInQuoted';
        index = end + 1;
        continue;
      }
      const code = chunk.charCodeAt(index);
      if (state === 'quoteInQuoted' && code === quote) {
        field += '"';
        state = 'quoted';
        index++;
        continue;
      }
      // After a closing quote: a separator, a line end, or stray text the lenient mode keeps.
      if (code === comma) {
        fields.push(field);
        field = '';
        state = 'fieldStart';
      } else if (code === newline) {
        fields.push(field);
        field = '';
        records.push({ fields, line: recordLine });
        fields = [];
        recordStarted = false;
        state = 'fieldStart';
        line++;
      } else if (code !== carriageReturn) {
        field += chunk[index];
        state = 'afterQuoted';
      } else {
        state = 'afterQuoted';
      }
      index++;
    }
    this.state = state;
    this.fields = fields;
    this.field = field;
    this.line = line;
    this.recordLine = recordLine;
    this.recordStarted = recordStarted;
    // Checked once per chunk: a field can overshoot by at most one chunk before it is caught.
    if (field.length > this.maxFieldLength) {
      throw new CsvFieldTooLongError(recordLine, this.maxFieldLength);
    }
    return records;
  }

  /** The last record, if the input did not end with a line break. */
  end(): CsvRecord[] {
    const { state, fields, field, recordLine, recordStarted } = this;
    if (state === 'quoted') {
      fields.push(field);
      return [
        {
          fields,
          line: recordLine,
          error: `unterminated quoted field in the record starting on line ${recordLine}`,
        },
      ];
    }
    const last = stripTrailingCarriageReturn(field);
    if (recordStarted && (fields.length > 0 || last !== '' || state !== 'unquoted')) {
      fields.push(last);
      return [{ fields, line: recordLine }];
    }
    return [];
  }
}

/** Streams the records of a file read in chunks; memory holds at most one record. */
export async function* parseCsv(
  chunks: AsyncIterable<string>,
  options: CsvParseOptions = {},
): AsyncGenerator<CsvRecord> {
  const tokeniser = new CsvTokeniser(options.maxFieldLength ?? defaultMaxFieldLength);
  for await (const chunk of chunks) yield* tokeniser.push(chunk);
  yield* tokeniser.end();
}

/** Parses a whole string: for small inputs, data sets read at once, and tests. */
export function parseCsvText(text: string, options: CsvParseOptions = {}): CsvRecord[] {
  const tokeniser = new CsvTokeniser(options.maxFieldLength ?? defaultMaxFieldLength);
  const records = tokeniser.push(text);
  for (const record of tokeniser.end()) records.push(record);
  return records;
}

/**
 * Replaces every carriage return that does not start a CRLF with a space. Some exports (TWCS)
 * hold bare `\r` inside unquoted fields, which a CSV reader would otherwise see as a line end.
 * A `\r` at the end of a chunk is held back until the next chunk says what follows it.
 */
export async function* replaceLoneCarriageReturns(
  chunks: AsyncIterable<string>,
): AsyncGenerator<string> {
  let heldBack = '';
  for await (const chunk of chunks) {
    let text = heldBack + chunk;
    heldBack = '';
    if (text.endsWith('\r')) {
      heldBack = '\r';
      text = text.slice(0, -1);
    }
    if (text.length > 0) yield replaceLoneCarriageReturnsIn(text);
  }
  if (heldBack) yield ' ';
}

function replaceLoneCarriageReturnsIn(text: string): string {
  return text.replace(/\r(?!\n)/g, ' ');
}

/**
 * Parses a whole CSV with a header row into objects keyed by column name, checking the required
 * columns and every row's field count; errors name `source:line`. Bare `\r` characters are read
 * as spaces (as in TWCS), so the data sets read here and by the importer give the same text.
 */
export function parseCsvWithHeader(
  text: string,
  requiredColumns: readonly string[],
  source = 'csv',
): Array<{ line: number; values: Record<string, string> }> {
  const records = parseCsvText(replaceLoneCarriageReturnsIn(text));
  const header = records[0];
  if (!header) throw new Error(`${source}: file is empty`);
  // Only the last record can be unterminated, so checking it first reports it before a count.
  const last = records[records.length - 1] as CsvRecord;
  if (last.error) throw new Error(`${source}:${last.line}: quoted field is never closed`);
  const columns = header.fields.map((name) => name.trim());
  const missing = requiredColumns.filter((column) => !columns.includes(column));
  if (missing.length > 0) {
    throw new Error(
      `${source}:1: missing column(s) ${missing.join(', ')}; found ${columns.join(', ')}`,
    );
  }
  return records.slice(1).map((record) => {
    if (record.fields.length !== columns.length) {
      throw new Error(
        `${source}:${record.line}: expected ${columns.length} fields, found ${record.fields.length}`,
      );
    }
    const values: Record<string, string> = {};
    columns.forEach((column, index) => {
      values[column] = record.fields[index] as string;
    });
    return { line: record.line, values };
  });
}

function stripTrailingCarriageReturn(field: string): string {
  return field.endsWith('\r') ? field.slice(0, -1) : field;
}

function countNewlines(text: string): number {
  let count = 0;
  let at = text.indexOf('\n');
  while (at !== -1) {
    count++;
    at = text.indexOf('\n', at + 1);
  }
  return count;
}
