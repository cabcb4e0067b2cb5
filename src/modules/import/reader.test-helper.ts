import { collect } from '../../test/collect.js';
import type { ImportReader, ReaderItem, ReadOptions } from './reader.js';

/** Every item a reader yields for a file, in order. */
export async function readAll(
  reader: ImportReader,
  file: string,
  options?: ReadOptions,
): Promise<ReaderItem[]> {
  return collect((await reader.open(file, options)).rows());
}
