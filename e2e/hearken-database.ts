import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import type { HearkenServer } from './hearken-server.js';

/**
 * Plain SQL against a test server's own database, for states no API creates (a job that fails
 * in the running worker). `?` placeholders; they become $1, $2 ... on PostgreSQL.
 */
export async function runSql(
  server: HearkenServer,
  statement: string,
  parameters: unknown[] = [],
): Promise<Record<string, unknown>[]> {
  const url = server.environment.DATABASE_URL;
  if (url) {
    let index = 0;
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const result = await client.query(
        statement.replace(/\?/g, () => `$${++index}`),
        parameters,
      );
      return result.rows as Record<string, unknown>[];
    } finally {
      await client.end();
    }
  }
  const file = path.join(server.environment.HEARKEN_DATA_DIR ?? '', 'hearken.db');
  const database = new BetterSqlite3(file);
  try {
    database.pragma('busy_timeout = 5000');
    const prepared = database.prepare(statement);
    if (prepared.reader) return prepared.all(...parameters) as Record<string, unknown>[];
    prepared.run(...parameters);
    return [];
  } finally {
    database.close();
  }
}
