import { type RawBuilder, sql } from 'kysely';
import { offsetAt } from '../calendars/index.js';

/**
 * Local wall-clock time as SQL arithmetic, so reports can group by local day or hour of week
 * inside the database: the timezone's offset is constant between two transitions, so the range
 * is cut at its transitions (found with Intl) and each piece adds its own offset. A year has at
 * most a couple of pieces. The numbers are written as SQL integer literals (they come from this
 * code, never from a request): SQLite binds JS numbers as REAL, which would turn the integer
 * divisions that follow into fractions.
 */
const day = 86_400_000;

/** Offset changes in [from, to): the first instant of each new offset, with that offset. */
export function offsetPieces(
  timezone: string,
  from: number,
  to: number,
): { start: number; offset: number }[] {
  const pieces = [{ start: from, offset: offsetAt(timezone, from) }];
  for (let probe = from + day; probe < to + day; probe += day) {
    const at = Math.min(probe, to);
    const current = pieces[pieces.length - 1] as { start: number; offset: number };
    const offset = offsetAt(timezone, at);
    if (offset === current.offset) continue;
    let low = at - day;
    let high = at;
    while (high - low > 1000) {
      const middle = Math.floor((low + high) / 2);
      if (offsetAt(timezone, middle) === current.offset) low = middle;
      else high = middle;
    }
    // Transitions fall on whole seconds; offsetAt reads whole seconds too.
    pieces.push({ start: Math.floor(high / 1000) * 1000, offset });
  }
  return pieces;
}

/** `column` plus the local offset in force at it: milliseconds of local wall-clock time. */
export function localTimeSql(
  column: RawBuilder<number>,
  timezone: string,
  from: number,
  to: number,
): RawBuilder<number> {
  const pieces = offsetPieces(timezone, from, to);
  if (pieces.length === 1) return sql<number>`(${column} + ${sql.lit(pieces[0]?.offset ?? 0)})`;
  const branches = pieces
    .slice(1)
    .map(
      (piece, index) =>
        sql`when ${column} < ${sql.lit(piece.start)} then ${column} + ${sql.lit(pieces[index]?.offset ?? 0)}`,
    );
  const last = pieces[pieces.length - 1] as { offset: number };
  return sql<number>`(case ${sql.join(branches, sql` `)} else ${column} + ${sql.lit(last.offset)} end)`;
}

/** Longest range a report grouped by local time may cover. */
export const maximumLocalRangeDays = 3660;
