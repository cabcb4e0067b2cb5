export interface CsvRecord {
  /** 1-based line on which the record starts, for error messages. */
  line: number;
  fields: string[];
}

/**
 * An RFC 4180 parser: quoted fields may hold commas, doubled quotes and newlines. A lone `\r`
 * (seen in exported tweets) is read as a space, and `\r\n` as a line break.
 */
export function parseCsv(text: string, source = 'csv'): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let inQuotes = false;
  let line = 1;
  let recordLine = 1;
  let fieldStarted = false;
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endRecord = (): void => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === '')) records.push({ line: recordLine, fields });
    fields = [];
    field = '';
    fieldStarted = false;
  };
  for (let index = start; index < text.length; index++) {
    const character = text[index] as string;
    if (inQuotes) {
      if (character === '"') {
        if (text[index + 1] === '"') {
          field += '"';
          index++;
        } else inQuotes = false;
      } else if (character === '\r') {
        if (text[index + 1] === '\n') {
          field += '\n';
          index++;
          line++;
        } else field += ' ';
      } else {
        if (character === '\n') line++;
        field += character;
      }
      continue;
    }
    if (character === '"' && !fieldStarted) {
      inQuotes = true;
      fieldStarted = true;
    } else if (character === ',') {
      fields.push(field);
      field = '';
      fieldStarted = false;
    } else if (character === '\n' || (character === '\r' && text[index + 1] === '\n')) {
      if (character === '\r') index++;
      endRecord();
      line++;
      recordLine = line;
    } else if (character === '\r') {
      field += ' ';
      fieldStarted = true;
    } else {
      field += character;
      fieldStarted = true;
    }
  }
  if (inQuotes) throw new Error(`${source}:${recordLine}: quoted field is never closed`);
  if (field !== '' || fields.length > 0) endRecord();
  return records;
}

/** Parses a CSV with a header row into objects keyed by column name, checking required columns. */
export function parseCsvWithHeader(
  text: string,
  requiredColumns: readonly string[],
  source = 'csv',
): Array<{ line: number; values: Record<string, string> }> {
  const records = parseCsv(text, source);
  const header = records[0];
  if (!header) throw new Error(`${source}: file is empty`);
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
