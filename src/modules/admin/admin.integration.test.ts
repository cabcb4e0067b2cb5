import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withTransaction } from '../../platform/database/connection.js';
import { enqueueJob } from '../../platform/jobs/job-queue.js';
import { type SignedIn, signIn, testApp } from '../../test/http.js';
import { createTestRuntime, type TestRuntime } from '../../test/test-runtime.js';
import { ingestJobKind } from '../ingest/index.js';

let runtime: TestRuntime;
let app: FastifyInstance;
let admin: SignedIn;

beforeEach(async () => {
  runtime = await createTestRuntime();
  app = await testApp(runtime);
  admin = await signIn(app, runtime, 'admin');
});
afterEach(async () => {
  await app.close();
  await runtime.close();
});

const headersOf = (user: SignedIn) => ({ cookie: user.cookie, 'x-csrf-token': user.csrf });

interface JobBody {
  id: number;
  kind: string;
  status: string;
  attempts: number;
  max_attempts: number;
  last_error: string | null;
  updated_at: string;
  payload_preview: string;
}

/**
 * A real ingest job with a payload its handler rejects: one attempt and it is a dead letter. With
 * an organisation in its payload it is that organisation's job, else a system-wide one.
 */
async function deadIngestJob(note: string, organisationId?: number): Promise<number> {
  const payload = organisationId === undefined ? { note } : { organisationId, note };
  const id = await withTransaction(runtime.database, (trx) =>
    enqueueJob(trx, ingestJobKind, payload, { maxAttempts: 1 }),
  );
  await runtime.worker.drain();
  return id;
}

async function jobs(status?: string, caller = admin): Promise<JobBody[]> {
  const response = await app.inject({
    method: 'GET',
    url: `/api/v1/admin/jobs${status ? `?status=${status}` : ''}`,
    headers: headersOf(caller),
  });
  expect(response.statusCode, response.body).toBe(200);
  return (response.json() as { data: JobBody[] }).data;
}

describe('dead-letter API', () => {
  it('lists a dead job with its error and a cut payload, and retry gives it fresh attempts', async () => {
    const id = await deadIngestJob(`My card was charged twice ${'again and again '.repeat(30)}`);
    const [dead] = await jobs('dead');
    expect(dead).toMatchObject({
      id,
      kind: ingestJobKind,
      status: 'dead',
      attempts: 1,
      max_attempts: 1,
    });
    expect(dead?.last_error).toContain('payload of ingest.process does not match its schema');
    expect(Date.parse(dead?.updated_at ?? '')).toBeGreaterThan(Date.now() - 60_000);
    expect(dead?.payload_preview.startsWith('{"note":"My card was charged twice')).toBe(true);
    expect(Array.from(dead?.payload_preview ?? '')).toHaveLength(201);
    expect(dead?.payload_preview.endsWith('…')).toBe(true);

    const retried = await app.inject({
      method: 'POST',
      url: `/api/v1/admin/jobs/${id}/retry`,
      headers: headersOf(admin),
    });
    expect(retried.statusCode, retried.body).toBe(204);
    expect(await jobs('dead')).toEqual([]);
    expect((await jobs('ready')).find((job) => job.id === id)?.attempts).toBe(0);

    const again = await app.inject({
      method: 'POST',
      url: `/api/v1/admin/jobs/${id}/retry`,
      headers: headersOf(admin),
    });
    expect(again.statusCode).toBe(404);
  });

  it('retries every dead job at once and records it in the audit log', async () => {
    await deadIngestJob('first');
    await deadIngestJob('second');
    expect(await jobs('dead')).toHaveLength(2);
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/admin/jobs/retry-dead',
      headers: headersOf(admin),
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ retried: 2 });
    expect(await jobs('dead')).toEqual([]);
    const audit = await app.inject({
      method: 'GET',
      url: '/api/v1/audit?subject_type=job',
      headers: headersOf(admin),
    });
    expect(audit.json().data[0]).toMatchObject({
      action: 'job.retried_all',
      changes: { retried: 2 },
    });
    // Nothing dead: nothing to do, nothing audited.
    const empty = await app.inject({
      method: 'POST',
      url: '/api/v1/admin/jobs/retry-dead',
      headers: headersOf(admin),
    });
    expect(empty.json()).toEqual({ retried: 0 });
  });

  it('is for admins only', async () => {
    const lead = await signIn(app, runtime, 'lead');
    for (const [method, url] of [
      ['GET', '/api/v1/admin/jobs?status=dead'],
      ['POST', '/api/v1/admin/jobs/retry-dead'],
      ['POST', '/api/v1/admin/jobs/1/retry'],
    ] as const) {
      const response = await app.inject({ method, url, headers: headersOf(lead) });
      expect(response.statusCode, `${method} ${url}`).toBe(403);
    }
  });

  it("keeps each organisation's dead jobs to its own admins", async () => {
    const organisationB = await runtime.database.db
      .insertInto('organisations')
      .values({ name: 'Organisation B', settings: '{}', created_at: Date.now() })
      .returning('id')
      .executeTakeFirstOrThrow();
    const adminB = await signIn(app, runtime, 'admin', 'admin@b.example', organisationB.id);
    const jobOfA = await deadIngestJob('a customer of A', runtime.organisationId);
    const jobOfB = await deadIngestJob('a customer of B', organisationB.id);
    const systemJob = await deadIngestJob('no organisation');

    const seenBy = async (caller: SignedIn) => (await jobs('dead', caller)).map((job) => job.id);
    expect((await seenBy(admin)).sort()).toEqual([jobOfA, systemJob].sort());
    expect((await seenBy(adminB)).sort()).toEqual([jobOfB, systemJob].sort());

    const retryA = await app.inject({
      method: 'POST',
      url: `/api/v1/admin/jobs/${jobOfA}/retry`,
      headers: headersOf(adminB),
    });
    expect(retryA.statusCode, retryA.body).toBe(404);
    const retryAll = await app.inject({
      method: 'POST',
      url: '/api/v1/admin/jobs/retry-dead',
      headers: headersOf(adminB),
    });
    expect(retryAll.json()).toEqual({ retried: 2 });
    // A's job is still dead for A's admin: B could neither see it nor bring it back.
    expect(await seenBy(admin)).toEqual([jobOfA]);
    const stored = await runtime.database.db
      .selectFrom('jobs')
      .select(['id', 'organisation_id'])
      .where('id', 'in', [jobOfA, jobOfB, systemJob])
      .orderBy('id')
      .execute();
    expect(stored).toEqual([
      { id: jobOfA, organisation_id: runtime.organisationId },
      { id: jobOfB, organisation_id: organisationB.id },
      { id: systemJob, organisation_id: null },
    ]);
  });
});
