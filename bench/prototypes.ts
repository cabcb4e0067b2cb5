import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import type { BenchRuntime } from './bench-runtime.js';

/**
 * Proposed changes to the pipeline, tried from the bench without touching src/ (they are
 * described, with the file and function to change, in docs/benchmarks.md). Each one reproduces
 * the effect of the change on what SQLite is asked to do, so its measured gain is the gain the
 * real change would bring.
 */
const prototypeNames = ['analyze', 'pk-lookups', 'statement-cache'] as const;

export interface Prototypes {
  /** Runs before the measured ingest of a phase (after the prefill). */
  beforeIngest(runtime: BenchRuntime): Promise<void>;
}

export function installPrototypes(names: string[]): Prototypes {
  for (const name of names) {
    if (!(prototypeNames as readonly string[]).includes(name)) {
      throw new Error(`unknown prototype "${name}"; known: ${prototypeNames.join(', ')}`);
    }
  }
  const wanted = new Set(names);
  if (wanted.has('pk-lookups') || wanted.has('statement-cache')) {
    patchPrepare(wanted.has('pk-lookups'), wanted.has('statement-cache'));
  }
  return {
    async beforeIngest(runtime) {
      // Proposal: PRAGMA optimize at open and periodically, so the planner has statistics.
      if (wanted.has('analyze')) {
        await sql`pragma analysis_limit = 400`.execute(runtime.database.db);
        await sql`pragma optimize = 0x10002`.execute(runtime.database.db);
      }
    },
  };
}

/**
 * `organisation_id = ? and id in (...)`: without statistics SQLite prefers an index that starts
 * with organisation_id over the primary key, and with one organisation that index walks every
 * row of the table. A unary `+` keeps the condition but takes it out of index selection, which is
 * what removing the redundant term (the ids are primary keys) in src would do. Matches Kysely's
 * quoted form (`"c"."organisation_id" = ? and "c"."id" in (`) and raw SQL (`c.organisation_id`).
 */
const organisationThenIds =
  /((?:"?\w+"?\.)?"?organisation_id"?) = \?( and (?:"?\w+"?\.)?"?(?:id|conversation_id)"? in \()/g;

function patchPrepare(primaryKeyLookups: boolean, cacheStatements: boolean): void {
  const prototype = BetterSqlite3.prototype as unknown as {
    prepare: (this: BetterSqlite3.Database, source: string) => BetterSqlite3.Statement;
  };
  const prepare = prototype.prepare;
  const caches = new WeakMap<object, Map<string, BetterSqlite3.Statement>>();
  prototype.prepare = function (source: string) {
    const text = primaryKeyLookups ? source.replace(organisationThenIds, '+$1 = ?$2') : source;
    if (!cacheStatements) return prepare.call(this, text);
    let cache = caches.get(this);
    if (!cache) {
      cache = new Map();
      caches.set(this, cache);
    }
    let statement = cache.get(text);
    if (statement) {
      // Map order is insertion order: re-inserting marks it most recently used.
      cache.delete(text);
    } else {
      statement = prepare.call(this, text);
      if (cache.size >= 500) {
        const oldest = cache.keys().next().value;
        if (oldest !== undefined) cache.delete(oldest);
      }
    }
    cache.set(text, statement);
    return statement;
  };
}
