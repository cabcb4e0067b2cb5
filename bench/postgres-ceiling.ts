import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { processCpuSeconds } from './proc-accounting.js';

/** As bare-insert.ts: 1,000 rows per transaction, 500 rows per INSERT statement. */
const rowsPerTransaction = 1000;
const rowsPerStatement = 500;

export interface CeilingFigures {
  rows: number;
  seconds: number;
  /** CPU of this process (building and sending the statements). */
  clientCpuSeconds: number;
  /** CPU of the PostgreSQL backend that ran them, from /proc. */
  backendCpuSeconds: number;
}

/**
 * The PostgreSQL ceiling: the message rows the pipeline just wrote, inserted again into the same
 * `messages` table (same indexes) under an organisation of their own, once as multi-row INSERTs
 * (1,000 rows per transaction) and once by one COPY of a CSV file the server reads (PostgreSQL
 * runs on this machine; the user is a superuser). Nothing else: no threading, no events.
 */
export async function postgresCeiling(
  url: string,
  applicationName: string,
  organisationId: number,
  firstMessageId: number,
): Promise<{ insert: CeilingFigures; copy: CeilingFigures }> {
  const client = new pg.Client({ connectionString: url, application_name: applicationName });
  await client.connect();
  try {
    const source = await client.query(
      'select * from messages where organisation_id = $1 and id >= $2 order by id',
      [organisationId, firstMessageId],
    );
    const columns = source.fields.map((field) => field.name).filter((name) => name !== 'id');
    const organisation = async (name: string) =>
      Number(
        (
          await client.query(
            `insert into organisations (name, settings, created_at) values ($1, '{}', $2)
             returning id`,
            [name, Date.now()],
          )
        ).rows[0].id,
      );
    const backend = Number((await client.query('select pg_backend_pid() as pid')).rows[0].pid);
    const measure = async (work: () => Promise<void>): Promise<CeilingFigures> => {
      const backendBefore = processCpuSeconds(backend) ?? 0;
      const cpuBefore = process.cpuUsage();
      const started = performance.now();
      await work();
      const cpu = process.cpuUsage(cpuBefore);
      return {
        rows: source.rows.length,
        seconds: (performance.now() - started) / 1000,
        clientCpuSeconds: (cpu.user + cpu.system) / 1e6,
        backendCpuSeconds: (processCpuSeconds(backend) ?? 0) - backendBefore,
      };
    };

    const insertOrganisation = await organisation('bench ceiling insert');
    const insert = await measure(async () => {
      for (let start = 0; start < source.rows.length; start += rowsPerTransaction) {
        await client.query('begin');
        const end = Math.min(start + rowsPerTransaction, source.rows.length);
        for (let offset = start; offset < end; offset += rowsPerStatement) {
          const rows = source.rows.slice(offset, Math.min(offset + rowsPerStatement, end));
          const values: unknown[] = [];
          const tuples = rows.map((row) => {
            const placeholders = columns.map((column) => {
              values.push(column === 'organisation_id' ? insertOrganisation : row[column]);
              return `$${values.length}`;
            });
            return `(${placeholders.join(',')})`;
          });
          await client.query(
            `insert into messages (${columns.join(',')}) values ${tuples.join(',')}`,
            values,
          );
        }
        await client.query('commit');
      }
    });

    const copyOrganisation = await organisation('bench ceiling copy');
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'hearken-copy-'));
    fs.chmodSync(folder, 0o755);
    const file = path.join(folder, 'messages.csv');
    try {
      const copy = await measure(async () => {
        const lines = source.rows.map((row) =>
          columns
            .map((column) =>
              csvField(column === 'organisation_id' ? copyOrganisation : row[column]),
            )
            .join(','),
        );
        fs.writeFileSync(file, `${lines.join('\n')}\n`, { mode: 0o644 });
        await client.query(`copy messages (${columns.join(',')}) from '${file}' with (format csv)`);
      });
      return { insert, copy };
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  } finally {
    await client.end();
  }
}

function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return `"${text.replace(/"/g, '""')}"`;
}
