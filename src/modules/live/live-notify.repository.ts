import { type Kysely, sql } from 'kysely';
import type { Database } from '../../platform/database/schema.js';

/** The schema this connection works in (each test and each deployment may have its own). */
export async function currentSchema(db: Kysely<Database>): Promise<string> {
  const result = await sql<{ scope: string }>`select current_schema() as scope`.execute(db);
  return result.rows[0]?.scope ?? 'public';
}

/**
 * Sends one NOTIFY on `channel` per payload, in order, in one statement and so one transaction
 * (PostgreSQL delivers them to every LISTENing process after it commits).
 */
export async function notifyAll(
  db: Kysely<Database>,
  channel: string,
  payloads: readonly string[],
): Promise<void> {
  if (payloads.length === 0) return;
  if (payloads.length === 1) {
    await sql`select pg_notify(${channel}, ${payloads[0]})`.execute(db);
    return;
  }
  await sql`select pg_notify(${channel}, p.payload)
    from unnest(${sql.val([...payloads])}::text[]) with ordinality as p(payload, position)
    order by p.position`.execute(db);
}
