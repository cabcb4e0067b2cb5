import { type Kysely, sql } from 'kysely';
import type { Database } from '../../platform/database/schema.js';

/** The schema this connection works in (each test and each deployment may have its own). */
export async function currentSchema(db: Kysely<Database>): Promise<string> {
  const result = await sql<{ scope: string }>`select current_schema() as scope`.execute(db);
  return result.rows[0]?.scope ?? 'public';
}

/** Sends one NOTIFY on `channel` (PostgreSQL delivers it to every LISTENing process). */
export async function notify(
  db: Kysely<Database>,
  channel: string,
  payload: string,
): Promise<void> {
  await sql`select pg_notify(${channel}, ${payload})`.execute(db);
}
