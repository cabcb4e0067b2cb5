import fs from 'node:fs';

/**
 * A small RFC 4180 reader for the benchmark's text corpus: quoted fields may hold commas, doubled
 * quotes and newlines. The bench reads two files of a few MB once, so it parses a whole string
 * instead of streaming; the importer's streaming parser lives in src/modules/import.
 */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let index = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (index < text.length) {
    const character = text[index];
    if (quoted) {
      if (character === '"') {
        if (text[index + 1] === '"') {
          field += '"';
          index++;
        } else {
          quoted = false;
        }
      } else {
        field += character;
      }
    } else if (character === '"' && field === '') {
      quoted = true;
    } else if (character === ',') {
      fields.push(field);
      field = '';
    } else if (character === '\n') {
      fields.push(field.endsWith('\r') ? field.slice(0, -1) : field);
      records.push(fields);
      fields = [];
      field = '';
    } else {
      field += character;
    }
    index++;
  }
  if (field !== '' || fields.length > 0) {
    fields.push(field);
    records.push(fields);
  }
  return records;
}

/**
 * The records of a CSV file as objects keyed by the header. TWCS holds bare `\r` characters
 * inside unquoted fields (see the data README), so a lone `\r` becomes a space first.
 */
export function readCsvFile(file: string): Record<string, string>[] {
  const text = fs.readFileSync(file, 'utf8').replace(/\r(?!\n)/g, ' ');
  const [header, ...rows] = parseCsv(text);
  if (!header) return [];
  return rows.map((fields) => {
    const record: Record<string, string> = {};
    header.forEach((name, column) => {
      record[name] = fields[column] ?? '';
    });
    return record;
  });
}
