import type { Insertable } from 'kysely';
import { withTransaction } from '../src/platform/database/connection.js';
import type { MessageTable } from '../src/platform/database/schema.js';
import type { BenchRuntime } from './bench-runtime.js';

/** Rows per transaction, as the pipeline commits one job of 1,000 messages at a time. */
const rowsPerTransaction = 1000;
/**
 * Rows per INSERT statement: 500 rows of 16 values stay under SQLite's limit of 32,766 bound
 * parameters; 100, 500 and 1,000 measured within a few percent of each other here.
 */
const rowsPerStatement = 500;

export interface BareFigures {
  rows: number;
  seconds: number;
  cpuSeconds: number;
}

/**
 * The ceiling the pipeline is compared with: the very message rows the pipeline just wrote (same
 * texts, external ids, conversations, columns), inserted again into the same `messages` table
 * through the same Kysely connection, in multi-row INSERTs and one transaction per 1,000 rows,
 * and nothing else. They go in under an organisation of their own, so the unique key
 * (organisation, channel, external id) does not collide and the inbox never shows them.
 */
export async function bareInsert(
  runtime: Pick<BenchRuntime, 'database' | 'organisationId'>,
  firstMessageId: number,
): Promise<BareFigures> {
  const db = runtime.database.db;
  const source = await db
    .selectFrom('messages')
    .selectAll()
    .where('organisation_id', '=', runtime.organisationId)
    .where('id', '>=', firstMessageId)
    .orderBy('id')
    .execute();
  const organisation = await db
    .insertInto('organisations')
    .values({ name: 'bench bare insert', settings: '{}', created_at: Date.now() })
    .returning('id')
    .executeTakeFirstOrThrow();
  const rows: Insertable<MessageTable>[] = source.map(({ id: _id, ...row }) => ({
    ...row,
    organisation_id: organisation.id,
  }));

  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  for (let start = 0; start < rows.length; start += rowsPerTransaction) {
    const chunk = rows.slice(start, start + rowsPerTransaction);
    await withTransaction(runtime.database, async (trx) => {
      for (let offset = 0; offset < chunk.length; offset += rowsPerStatement) {
        await trx
          .insertInto('messages')
          .values(chunk.slice(offset, offset + rowsPerStatement))
          .execute();
      }
    });
  }
  const cpu = process.cpuUsage(cpuStarted);
  return {
    rows: rows.length,
    seconds: (performance.now() - started) / 1000,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
  };
}
