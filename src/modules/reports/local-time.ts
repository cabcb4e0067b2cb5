import { offsetAt } from '../calendars/index.js';

/**
 * A timezone's offsets over a range: constant between two transitions, so the range is cut at its
 * transitions (found with Intl) and each piece has its own offset. A year has at most a couple of
 * pieces. Reports turn them into SQL arithmetic (report.repository.ts) to group by local day or
 * hour of week inside the database.
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

/** Longest range a report grouped by local time may cover. */
export const maximumLocalRangeDays = 3660;
