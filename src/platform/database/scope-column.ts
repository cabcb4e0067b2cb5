import { type RawBuilder, sql } from 'kysely';

/**
 * `+column`: the same value, but SQLite no longer considers the column for index selection. Used
 * for the organisation filter of lookups by primary key (`organisation_id = ? and id in (...)`):
 * without statistics SQLite prefers an index that starts with organisation_id over the primary key,
 * and with one organisation that index walks every conversation of it on every ingest batch. The
 * filter itself stays, so ids from user input remain scoped. PostgreSQL has the same unary plus and
 * plans from statistics anyway.
 */
export function scopeOnly(column: string): RawBuilder<number> {
  return sql<number>`+${sql.ref(column)}`;
}
