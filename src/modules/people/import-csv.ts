import { parseCsvText } from '../../platform/csv.js';

export interface ImportRow {
  /** The file's line number (the header is line 1), as a spreadsheet shows it. */
  line: number;
  values: Record<string, string>;
}

/**
 * A people CSV read for checking: a header of column names (trimmed, lower-cased) and rows keyed
 * by them. Problems go to `errors` (row 1 for the header) rather than stopping at the first one,
 * so the person fixing the file sees all of them at once.
 */
export function parseImportCsv(
  text: string,
  requiredColumns: readonly string[],
  maxRows: number,
  errors: { row: number; field: string; message: string }[],
): { columns: string[]; rows: ImportRow[] } {
  const records = parseCsvText(text.replace(/\r(?!\n)/g, '\n'), { maxFieldLength: 10_000 });
  const header = records[0];
  if (!header || header.fields.every((field) => field.trim() === '')) {
    errors.push({ row: 1, field: '*', message: 'the file is empty: it needs a header row' });
    return { columns: [], rows: [] };
  }
  const columns = header.fields.map((field) => field.trim().toLowerCase());
  const seen = new Set<string>();
  for (const column of columns) {
    if (column === '') errors.push({ row: 1, field: '*', message: 'a column has no name' });
    else if (seen.has(column))
      errors.push({ row: 1, field: column, message: 'the column appears twice' });
    seen.add(column);
  }
  for (const column of requiredColumns) {
    if (!seen.has(column)) errors.push({ row: 1, field: column, message: 'missing column' });
  }
  const rows: ImportRow[] = [];
  for (const record of records.slice(1)) {
    if (record.fields.length === 1 && record.fields[0]?.trim() === '') continue;
    if (record.error) {
      errors.push({ row: record.line, field: '*', message: 'a quoted field is never closed' });
      continue;
    }
    if (record.fields.length !== columns.length) {
      errors.push({
        row: record.line,
        field: '*',
        message: `expected ${columns.length} fields, found ${record.fields.length}`,
      });
      continue;
    }
    if (rows.length === maxRows) {
      errors.push({ row: record.line, field: '*', message: `at most ${maxRows} rows per file` });
      break;
    }
    const values: Record<string, string> = {};
    columns.forEach((column, index) => {
      values[column] = record.fields[index] ?? '';
    });
    rows.push({ line: record.line, values });
  }
  return { columns, rows };
}
