import BetterSqlite3 from 'better-sqlite3';

interface SqlCost {
  calls: number;
  prepareMs: number;
  executeMs: number;
}

/** Time spent in SQLite per statement shape, split into preparing and executing. */
export interface SqlProfile {
  enabled: boolean;
  costs: Map<string, SqlCost>;
  reset(): void;
}

/**
 * Times every statement better-sqlite3 prepares and runs in this process, by patching its
 * prototypes (Kysely's SQLite driver prepares each query afresh, so both halves matter). Only
 * active while `enabled` is true; the rest of the time the patched methods just pass through.
 */
export function installSqlProfile(): SqlProfile {
  let byStatement = new WeakMap<object, SqlCost>();
  const profile: SqlProfile = {
    enabled: false,
    costs: new Map(),
    reset() {
      this.costs.clear();
      byStatement = new WeakMap();
    },
  };
  const labels = new Map<string, string>();
  const cost = (source: string): SqlCost => {
    let label = labels.get(source);
    if (label === undefined) {
      label = statementLabel(source);
      labels.set(source, label);
    }
    let entry = profile.costs.get(label);
    if (!entry) {
      entry = { calls: 0, prepareMs: 0, executeMs: 0 };
      profile.costs.set(label, entry);
    }
    return entry;
  };
  const probe = new BetterSqlite3(':memory:');
  const statementPrototype = Object.getPrototypeOf(probe.prepare('select 1')) as Record<
    string,
    (...args: unknown[]) => unknown
  >;
  probe.close();
  const databasePrototype = BetterSqlite3.prototype as unknown as Record<
    string,
    (...args: unknown[]) => unknown
  >;
  const prepare = databasePrototype.prepare as (this: unknown, source: string) => unknown;
  databasePrototype.prepare = function (this: unknown, source: unknown) {
    if (!profile.enabled) return prepare.call(this, source as string);
    const started = performance.now();
    const statement = prepare.call(this, source as string);
    const entry = cost(source as string);
    entry.prepareMs += performance.now() - started;
    return statement;
  };
  for (const method of ['all', 'run', 'get']) {
    const original = statementPrototype[method] as (...args: unknown[]) => unknown;
    statementPrototype[method] = function (this: { source: string }, ...args: unknown[]) {
      if (!profile.enabled) return original.apply(this, args);
      const started = performance.now();
      try {
        return original.apply(this, args);
      } finally {
        // `source` is a fresh string on every read: look the label up once per statement.
        let entry = byStatement.get(this);
        if (!entry) {
          entry = cost(this.source);
          byStatement.set(this, entry);
        }
        entry.calls++;
        entry.executeMs += performance.now() - started;
      }
    };
  }
  return profile;
}

/** One label per statement shape: the lists of placeholders collapse, so chunk sizes merge. */
function statementLabel(source: string): string {
  const collapsed = source
    .replace(/\s+/g, ' ')
    .replace(/\((\?, )*\?\)(, \((\?, )*\?\))*/g, '(…)')
    .replace(/"/g, '');
  if (/^update conversations set message_count/.test(collapsed)) {
    return 'update conversations set message_count = (select count(*) …), … (refresh)';
  }
  return collapsed.length > 110 ? `${collapsed.slice(0, 107)}…` : collapsed;
}
