import { type RawBuilder, sql } from 'kysely';

/** SQL types a values table can cast its columns to (both dialects accept these names). */
export type ValuesType = 'bigint' | 'double precision' | 'text';

/**
 * Rows per multi-row statement: 9 columns of 200 rows stay far below SQLite's bound-parameter
 * limit, and a statement that long is still prepared quickly.
 */
export const valuesChunkSize = 200;

/**
 * `name(col, ...) as (values (...), ...)`, for `with <this> update t set ... from name where ...`:
 * one statement updates many rows with their own values (SQLite >= 3.33 and PostgreSQL both take
 * it). Every value is cast because PostgreSQL types bare parameters of a VALUES list as text.
 */
export function valuesTable(
  name: string,
  columns: { name: string; type: ValuesType }[],
  rows: unknown[][],
): RawBuilder<unknown> {
  const tuples = rows.map(
    (row) =>
      sql`(${sql.join(
        columns.map((column, index) => sql`cast(${row[index] ?? null} as ${sql.raw(column.type)})`),
      )})`,
  );
  return sql`${sql.id(name)}(${sql.join(columns.map((column) => sql.id(column.name)))}) as (values ${sql.join(tuples)})`;
}
