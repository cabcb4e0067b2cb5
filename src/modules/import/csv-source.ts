import {
  CsvFieldTooLongError,
  type CsvRecord,
  parseCsv,
  replaceLoneCarriageReturns,
} from '../../platform/csv.js';
import { type InboundMessage, validateInboundMessage } from '../ingest/index.js';
import { readTextChunks } from './file-source.js';
import { ImportFileError } from './import-errors.js';
import type { ReaderItem } from './reader.js';

export interface CsvReadOptions {
  /** Turn bare `\r` characters into spaces before parsing (the TWCS export needs it). */
  replaceLoneCarriageReturns?: boolean;
  onBytes?: (bytesRead: number) => void;
  maxFieldLength?: number;
}

export async function* readCsvRecords(
  file: string,
  options: CsvReadOptions = {},
): AsyncGenerator<CsvRecord> {
  const chunks = readTextChunks(file, options.onBytes);
  try {
    yield* parseCsv(
      options.replaceLoneCarriageReturns ? replaceLoneCarriageReturns(chunks) : chunks,
      options.maxFieldLength === undefined ? {} : { maxFieldLength: options.maxFieldLength },
    );
  } catch (error) {
    if (error instanceof CsvFieldTooLongError) {
      throw new ImportFileError(`${file}: ${error.message}`);
    }
    throw error;
  }
}

/** Reads only the first record; closing the generator early stops reading the file. */
export async function readCsvHeader(file: string, options: CsvReadOptions = {}): Promise<string[]> {
  const records = readCsvRecords(file, options);
  try {
    const first = await records.next();
    if (first.done || first.value.error) {
      throw new ImportFileError(`${file} has no CSV header line`);
    }
    return first.value.fields.map((name) => name.trim());
  } finally {
    await records.return(undefined);
  }
}

/** Column name to index, for the columns a format needs. */
export type ColumnIndex<Name extends string> = Record<Name, number>;

/**
 * Maps the required columns to their positions, or explains which are missing. Extra columns
 * (such as the unnamed index pandas writes) are tolerated.
 */
export function indexColumns<Name extends string>(
  file: string,
  header: string[],
  required: readonly Name[],
  formatName: string,
): ColumnIndex<Name> {
  const positions = new Map(header.map((name, position) => [name, position]));
  const missing = required.filter((name) => !positions.has(name));
  if (missing.length > 0) {
    const shown = header.slice(0, 12).join(',');
    throw new ImportFileError(
      `${file} does not look like a ${formatName} file: its header lacks ${missing.join(', ')} ` +
        `(expected columns ${required.join(',')}; found ${shown || 'nothing'})`,
    );
  }
  const index = {} as ColumnIndex<Name>;
  for (const name of required) index[name] = positions.get(name) as number;
  return index;
}

/** The row as an object of its named columns, kept as the message's `raw`. */
export function rowObject(header: string[], fields: string[]): Record<string, string> {
  const row: Record<string, string> = {};
  header.forEach((name, position) => {
    // The unnamed first column pandas adds is a row counter of the export, not source data.
    if (name !== '') row[name] = fields[position] ?? '';
  });
  return row;
}

export function columnCountError(header: string[], record: CsvRecord): string | undefined {
  if (record.error) return record.error;
  if (record.fields.length !== header.length) {
    return `expected ${header.length} columns, found ${record.fields.length}`;
  }
  return undefined;
}

/** Validates a built message against the shared schema, so a bad row fails here, not later. */
export function messageItem(line: number, message: InboundMessage): ReaderItem {
  const errors = validateInboundMessage(message);
  if (errors.length === 0) return { line, message };
  const described = errors.map((error) => `${error.path}: ${error.message}`).join('; ');
  return { line, error: `invalid message: ${described}` };
}

export type DataRecord = { line: number; fields: string[] } | { line: number; error: string };

/** The records after the header row, each with its fields or why its shape is wrong. */
export async function* dataRecords(
  file: string,
  header: string[],
  options: CsvReadOptions = {},
): AsyncGenerator<DataRecord> {
  let first = true;
  for await (const record of readCsvRecords(file, options)) {
    if (first) {
      first = false;
      continue;
    }
    const shapeError = columnCountError(header, record);
    yield shapeError
      ? { line: record.line, error: shapeError }
      : { line: record.line, fields: record.fields };
  }
}
