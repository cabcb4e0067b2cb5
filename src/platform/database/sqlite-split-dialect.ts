import type BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
  SelectQueryNode,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';

/**
 * SQLite with one writer connection and one reader connection to the same file (WAL mode).
 *
 * Kysely's own SQLite driver has one connection behind a mutex, so every query waited for any
 * transaction in progress: while the worker held an ingest job's transaction (hundreds of
 * milliseconds for a batch), every inbox list, detail and report of every agent queued behind
 * it (list p95 of seconds under load, see docs/benchmarks.md "Reads under load"). In WAL mode a
 * reader never waits for the writer and sees the last committed state, so a read-only statement
 * asked outside a transaction runs on the reader at once; everything else (writes, and every
 * statement of a transaction, reads included, so a transaction sees its own writes) takes the
 * writer, one user at a time as before.
 */
export class SplitSqliteDialect implements Dialect {
  constructor(
    private readonly writer: BetterSqlite3.Database,
    private readonly reader: BetterSqlite3.Database,
  ) {}

  createDriver(): Driver {
    return new SplitSqliteDriver(this.writer, this.reader);
  }

  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler();
  }

  createAdapter(): DialectAdapter {
    return new SqliteAdapter();
  }

  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new SqliteIntrospector(db);
  }
}

/** Waits for the writer connection, first come first served. */
class WriterMutex {
  private tail: Promise<void> = Promise.resolve();

  async lock(): Promise<() => void> {
    let release: () => void = () => undefined;
    const previous = this.tail;
    this.tail = new Promise((resolve) => {
      release = resolve;
    });
    await previous;
    return release;
  }
}

/** Statements that open or end a transaction on the writer. */
const beginPattern = /^\s*begin\b/i;
const endPattern = /^\s*(commit|end|rollback)\b(?!\s+to\b)/i;

class SplitSqliteDriver implements Driver {
  private readonly mutex = new WriterMutex();
  /** Read-only verdicts by SQL text: preparing on the reader tells, but costs a prepare. */
  private readonly readOnly = new Map<string, boolean>();

  constructor(
    private readonly writer: BetterSqlite3.Database,
    private readonly reader: BetterSqlite3.Database,
  ) {}

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    return new SplitConnection(this);
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    (connection as SplitConnection).release();
  }

  async destroy(): Promise<void> {
    this.reader.close();
    this.writer.close();
  }

  lockWriter(): Promise<() => void> {
    return this.mutex.lock();
  }

  isReadOnly(sql: string): boolean {
    let verdict = this.readOnly.get(sql);
    if (verdict === undefined) {
      if (/^\s*(select|with)\b/i.test(sql)) {
        const statement = this.reader.prepare(sql);
        verdict = statement.reader && statement.readonly;
      } else {
        verdict = false;
      }
      // Kysely inlines nothing, so distinct texts are few; the cap only guards against growth.
      if (this.readOnly.size > 2000) this.readOnly.clear();
      this.readOnly.set(sql, verdict);
    }
    return verdict;
  }

  connectionFor(onWriter: boolean): BetterSqlite3.Database {
    return onWriter ? this.writer : this.reader;
  }
}

/**
 * One user of the database (a query, or a transaction's span): reads on the reader until it
 * writes or begins a transaction; from then on it holds the writer until the statement (or the
 * transaction) ends, or until Kysely releases it.
 */
class SplitConnection implements DatabaseConnection {
  private releaseWriter: (() => void) | undefined;
  private inTransaction = false;

  constructor(private readonly driver: SplitSqliteDriver) {}

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const { sql, parameters } = compiledQuery;
    if (!this.releaseWriter && this.driver.isReadOnly(sql)) {
      const statement = this.driver.connectionFor(false).prepare(sql);
      return { rows: statement.all(parameters as unknown[]) as R[] };
    }
    if (!this.releaseWriter) this.releaseWriter = await this.driver.lockWriter();
    try {
      return run<R>(this.driver.connectionFor(true), sql, parameters as unknown[]);
    } finally {
      if (beginPattern.test(sql)) this.inTransaction = true;
      else if (endPattern.test(sql)) this.inTransaction = false;
      if (!this.inTransaction) this.release();
    }
  }

  async *streamQuery<R>(compiledQuery: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    if (!SelectQueryNode.is(compiledQuery.query)) {
      throw new Error('SQLite streams select queries only');
    }
    const onWriter = this.releaseWriter !== undefined;
    const statement = this.driver.connectionFor(onWriter).prepare(compiledQuery.sql);
    for (const row of statement.iterate(compiledQuery.parameters as unknown[])) {
      yield { rows: [row as R] };
    }
  }

  release(): void {
    const release = this.releaseWriter;
    this.releaseWriter = undefined;
    this.inTransaction = false;
    release?.();
  }
}

function run<R>(database: BetterSqlite3.Database, sql: string, parameters: unknown[]) {
  const statement = database.prepare(sql);
  if (statement.reader) return { rows: statement.all(parameters) as R[] };
  const { changes, lastInsertRowid } = statement.run(parameters);
  return {
    numAffectedRows: BigInt(changes),
    insertId: BigInt(lastInsertRowid),
    rows: [] as R[],
  };
}
