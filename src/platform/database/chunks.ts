/**
 * Values per `IN (...)` list or multi-row insert: SQLite binds at most 32,766 parameters per
 * statement and PostgreSQL 65,535, so a list of ids is cut into chunks of this many, and a row of
 * k columns into chunks of `rowsPerChunk(k)`.
 */
export const idsPerChunk = 400;

/** Rows of `columns` columns that fit one statement with room to spare. */
export function rowsPerChunk(columns: number): number {
  return Math.max(1, Math.floor(4000 / Math.max(1, columns)));
}

/** `values` cut into consecutive chunks of at most `size` (the last one may be shorter). */
export function* chunksOf<T>(values: readonly T[], size = idsPerChunk): Generator<T[]> {
  if (!Number.isInteger(size) || size < 1) throw new Error(`chunk size must be >= 1, got ${size}`);
  for (let start = 0; start < values.length; start += size) {
    yield values.slice(start, start + size);
  }
}
