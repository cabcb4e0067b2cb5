import { type Kysely, sql } from 'kysely';
import type { DialectName } from './connection.js';
import type { Database } from './schema.js';

type TableWithId = 'contacts' | 'contact_identities' | 'conversations' | 'messages';

/**
 * Reserves `count` ids of a table up front, so a batch can insert many rows in one statement and
 * still know which id each row got (RETURNING order of a multi-row insert is not guaranteed).
 * PostgreSQL draws from the column's sequence; SQLite advances sqlite_sequence, which is safe
 * because the caller holds the write lock (BEGIN IMMEDIATE) until it commits.
 */
export async function allocateIds(
  trx: Kysely<Database>,
  dialect: DialectName,
  table: TableWithId,
  count: number,
): Promise<number[]> {
  if (count === 0) return [];
  if (dialect === 'postgres') {
    const result = await sql<{ id: number }>`
      select nextval(pg_get_serial_sequence(${table}, 'id')) as id
      from generate_series(1, ${count})`.execute(trx);
    return result.rows.map((row) => Number(row.id));
  }
  const current = await sql<{ seq: number | null; max_id: number | null }>`
    select (select seq from sqlite_sequence where name = ${table}) as seq,
           (select max(id) from ${sql.table(table)}) as max_id`.execute(trx);
  const row = current.rows[0];
  const start = Math.max(Number(row?.seq ?? 0), Number(row?.max_id ?? 0)) + 1;
  const last = start + count - 1;
  const updated = await sql`update sqlite_sequence set seq = ${last} where name = ${table}`.execute(
    trx,
  );
  if (Number(updated.numAffectedRows ?? 0) === 0) {
    await sql`insert into sqlite_sequence (name, seq) values (${table}, ${last})`.execute(trx);
  }
  return Array.from({ length: count }, (_, index) => start + index);
}
