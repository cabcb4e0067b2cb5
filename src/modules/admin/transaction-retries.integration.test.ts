import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withRetriedTransaction } from '../../platform/database/connection.js';
import { createLogger } from '../../platform/logger.js';
import { type SignedIn, signIn, testApp } from '../../test/http.js';
import { createTestRuntime, type TestRuntime } from '../../test/test-runtime.js';

let runtime: TestRuntime;
let app: FastifyInstance;
let admin: SignedIn;

beforeAll(async () => {
  runtime = await createTestRuntime();
  app = await testApp(runtime);
  admin = await signIn(app, runtime, 'admin');
});
afterAll(async () => {
  await app.close();
  await runtime.close();
});

async function retriesShown(caller: SignedIn): Promise<number> {
  const response = await app.inject({
    method: 'GET',
    url: '/api/v1/admin/stats',
    headers: { cookie: caller.cookie },
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json().transaction_retries;
}

describe('retried transactions', () => {
  it('counts a retry after a deadlock, logs it at warn with its operation, and shows the count to admins', async () => {
    const before = await retriesShown(admin);
    const lines: string[] = [];
    const stream = new PassThrough();
    stream.on('data', (chunk: Buffer) => lines.push(...chunk.toString().trim().split('\n')));
    const handle = { ...runtime.database, logger: createLogger('warn', stream) };

    let attempts = 0;
    // The first attempt fails as PostgreSQL fails the loser of a deadlock (SQLSTATE 40P01); its
    // write is rolled back and the second attempt's is the one kept.
    const name = `retried-${Date.now()}`;
    await withRetriedTransaction(handle, 'test.forced_deadlock', async (trx) => {
      attempts++;
      await trx
        .insertInto('teams')
        .values({
          organisation_id: runtime.organisationId,
          name: `${name}-${attempts}`,
          timezone: 'UTC',
          created_at: Date.now(),
        })
        .execute();
      if (attempts === 1) {
        throw Object.assign(new Error('deadlock detected'), { code: '40P01' });
      }
    });

    expect(attempts).toBe(2);
    const teams = await runtime.database.db
      .selectFrom('teams')
      .select('name')
      .where('name', 'like', `${name}-%`)
      .execute();
    expect(teams.map((team) => team.name)).toEqual([`${name}-2`]);
    expect(await retriesShown(admin)).toBe(before + 1);
    await new Promise((resolve) => setImmediate(resolve));
    const warnings = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(warnings).toEqual([
      expect.objectContaining({ level: 40, operation: 'test.forced_deadlock', code: '40P01' }),
    ]);
  });

  it('does not retry, nor count, an error that is not a deadlock or serialization failure', async () => {
    const before = await retriesShown(admin);
    let attempts = 0;
    await expect(
      withRetriedTransaction(runtime.database, 'test.plain_error', async () => {
        attempts++;
        throw Object.assign(new Error('unique violation'), { code: '23505' });
      }),
    ).rejects.toThrow('unique violation');
    expect(attempts).toBe(1);
    expect(await retriesShown(admin)).toBe(before);
  });

  it('shows the operational figures to admins only', async () => {
    const lead = await signIn(app, runtime, 'lead');
    const response = await app.inject({
      method: 'GET',
      url: '/api/v1/admin/stats',
      headers: { cookie: lead.cookie },
    });
    expect(response.statusCode).toBe(403);
  });
});
