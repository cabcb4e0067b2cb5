import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { type Dialect, Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { Logger } from '../logger.js';
import type { Database } from './schema.js';
import { SplitSqliteDialect } from './sqlite-split-dialect.js';

export type DialectName = 'sqlite' | 'postgres';

export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: DialectName;
  /** Human-readable location without credentials, safe to log. */
  location: string;
  /** The PostgreSQL schema the connections use, when one was given. */
  postgresSchema?: string;
  /** Where the database layer reports what an operator should know (retried transactions). */
  logger?: Logger;
  close(): Promise<void>;
}

export interface OpenOptions {
  databaseUrl?: string | undefined;
  sqliteFile?: string;
  poolSize?: number;
  /** PostgreSQL schema to use (tests give each worker its own). */
  postgresSchema?: string;
  logger?: Logger;
}

// int8 (bigint) and numeric counts come back as strings by default; our ids and epoch
// milliseconds fit in a double, so read them as numbers everywhere.
pg.types.setTypeParser(20, (value) => Number(value));
pg.types.setTypeParser(1700, (value) => Number(value));

export function openDatabase(options: OpenOptions): DatabaseHandle {
  const handle = options.databaseUrl
    ? openPostgres(options.databaseUrl, options)
    : openSqlite(options.sqliteFile);
  return options.logger ? { ...handle, logger: options.logger } : handle;
}

function openSqlite(file: string | undefined): DatabaseHandle {
  if (!file) throw new Error('openDatabase needs a databaseUrl or an sqliteFile');
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const connection = new BetterSqlite3(file);
  // WAL lets readers run beside the writer; busy_timeout makes a second process (a CLI import
  // next to the server) wait for the write lock instead of failing at once. synchronous=NORMAL
  // in WAL mode keeps every committed transaction across a process crash (kill -9).
  connection.pragma('journal_mode = WAL');
  connection.pragma('busy_timeout = 10000');
  connection.pragma('synchronous = NORMAL');
  connection.pragma('foreign_keys = ON');
  connection.pragma('cache_size = -65536');
  // Reads outside a transaction go to a second connection, so they never queue behind the
  // worker's transactions (see SplitSqliteDialect). An in-memory database has one connection.
  let dialect: Dialect;
  if (file === ':memory:') {
    dialect = new SqliteDialect({ database: connection });
  } else {
    const reader = new BetterSqlite3(file);
    reader.pragma('busy_timeout = 10000');
    reader.pragma('foreign_keys = ON');
    reader.pragma('cache_size = -65536');
    dialect = new SplitSqliteDialect(connection, reader);
  }
  const db = new Kysely<Database>({ dialect });
  return {
    db,
    dialect: 'sqlite',
    location: file,
    close: () => db.destroy(),
  };
}

function openPostgres(url: string, options: OpenOptions): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    ...(options.postgresSchema ? { options: `-c search_path=${options.postgresSchema}` } : {}),
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const parsed = new URL(url);
  return {
    db,
    dialect: 'postgres',
    location: `postgres://${parsed.host}${parsed.pathname}${options.postgresSchema ? ` (schema ${options.postgresSchema})` : ''}`,
    ...(options.postgresSchema ? { postgresSchema: options.postgresSchema } : {}),
    close: () => db.destroy(),
  };
}

/**
 * Runs `work` in one transaction. On SQLite the transaction starts with BEGIN IMMEDIATE so a
 * writer takes the lock up front: a deferred transaction that upgrades later can fail with
 * SQLITE_BUSY when another process writes, which busy_timeout cannot wait out.
 */
export async function withTransaction<T>(
  handle: DatabaseHandle,
  work: (trx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  if (handle.dialect === 'postgres') {
    return handle.db.transaction().execute((trx) => work(trx));
  }
  return handle.db.connection().execute(async (connection) => {
    await sql`begin immediate`.execute(connection);
    try {
      const result = await work(connection);
      await sql`commit`.execute(connection);
      return result;
    } catch (error) {
      await sql`rollback`.execute(connection).catch(() => undefined);
      throw error;
    }
  });
}

/** PostgreSQL's "deadlock detected" and "could not serialize access": safe to run again. */
const retryableCodes = new Set(['40P01', '40001']);

function isRetryable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && retryableCodes.has(code);
}

let retriedTransactions = 0;

/**
 * Transactions this process ran again after a deadlock or serialization failure, since it
 * started: a rising count means concurrent writers meet head-on (the admin stats show it).
 */
export function transactionRetryCount(): number {
  return retriedTransactions;
}

/**
 * `withTransaction` for work that only writes to the database (no e-mail sent, no HTTP call) and
 * may meet another transaction head-on on PostgreSQL: after a deadlock or serialization failure
 * the whole transaction is rolled back by the server and runs again, up to `attempts` times. Each
 * retry is counted (`transactionRetryCount`) and logged at warn with `operation`'s name.
 */
export async function withRetriedTransaction<T>(
  handle: DatabaseHandle,
  operation: string,
  work: (trx: Kysely<Database>) => Promise<T>,
  attempts = 4,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await withTransaction(handle, work);
    } catch (error) {
      if (attempt >= attempts || !isRetryable(error)) throw error;
      retriedTransactions++;
      handle.logger?.warn(
        { operation, attempt, code: (error as { code: string }).code },
        'transaction retried after a deadlock or serialization failure',
      );
      await new Promise((resolve) => setTimeout(resolve, 5 * attempt + Math.random() * 20));
    }
  }
}

let savepointCount = 0;

/**
 * Runs `work` inside a savepoint of the current transaction: when it throws, only its own writes
 * are undone (on PostgreSQL the transaction stays usable) and the error is rethrown.
 */
export async function withSavepoint<T>(trx: Kysely<Database>, work: () => Promise<T>): Promise<T> {
  const name = sql.id(`hearken_savepoint_${++savepointCount}`);
  await sql`savepoint ${name}`.execute(trx);
  try {
    const result = await work();
    await sql`release savepoint ${name}`.execute(trx);
    return result;
  } catch (error) {
    await sql`rollback to savepoint ${name}`.execute(trx);
    await sql`release savepoint ${name}`.execute(trx);
    throw error;
  }
}
