import fs from 'node:fs';
import { parseCsvWithHeader } from '../src/platform/csv.js';

/**
 * The records of a CSV file as objects keyed by the header, read with the product's parser
 * (which already reads TWCS's bare `\r` characters as spaces).
 */
export function readCsvFile(file: string): Record<string, string>[] {
  return parseCsvWithHeader(fs.readFileSync(file, 'utf8'), [], file).map((row) => row.values);
}
