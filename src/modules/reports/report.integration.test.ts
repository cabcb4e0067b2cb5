import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { message } from '../../test/fixtures.js';
import { type SignedIn, signIn, testApp } from '../../test/http.js';
import { createTestRuntime, type TestRuntime } from '../../test/test-runtime.js';
import { acceptInbound } from '../ingest/index.js';

const minute = 60_000;
let runtime: TestRuntime;
let app: FastifyInstance;
let analyst: SignedIn;
const base = Date.parse('2026-02-02T09:00:00Z'); // a Monday, 10:00 in Berlin

/** Three conversations answered after 10, 30 and 90 minutes, and one never answered. */
beforeAll(async () => {
  runtime = await createTestRuntime();
  app = await testApp(runtime);
  analyst = await signIn(app, runtime, 'analyst');
  const messages = [];
  for (const [index, delay] of [10, 30, 90, null].entries()) {
    const question = message({ created_at: new Date(base + index * 60 * minute).toISOString() });
    messages.push(question);
    if (delay !== null) {
      messages.push(
        message({
          direction: 'outbound',
          author: { handle: 'AcmeSupport' },
          in_reply_to: question.external_id,
          created_at: new Date(base + index * 60 * minute + delay * minute).toISOString(),
        }),
      );
    }
  }
  await acceptInbound(runtime.database, runtime.organisationId, messages, 'test');
  await runtime.worker.drain();
});
afterAll(async () => {
  await app.close();
  await runtime.close();
});

const range = 'from=2026-02-01&to=2026-02-10';
const get = (url: string, who: SignedIn = analyst) =>
  app.inject({ method: 'GET', url, headers: { cookie: who.cookie } });

describe('reports API', () => {
  it('is open to analysts, leads and admins, not to agents', async () => {
    const agent = await signIn(app, runtime, 'agent');
    expect((await get(`/api/v1/reports/response-times?${range}`, agent)).statusCode).toBe(403);
    expect((await get(`/api/v1/reports/response-times?${range}`)).statusCode).toBe(200);
    const lead = await signIn(app, runtime, 'lead');
    expect((await get(`/api/v1/reports/backlog`, lead)).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/v1/reports/backlog' })).statusCode).toBe(
      401,
    );
  });

  it('gives nearest-rank percentiles over answered conversations', async () => {
    const response = await get(`/api/v1/reports/response-times?${range}&group_by=channel_account`);
    expect(response.json().data).toEqual([
      expect.objectContaining({
        group_name: 'twitter:AcmeSupport',
        conversations: 4,
        answered: 3,
        frt_p50_s: 1800,
        frt_p90_s: 5400,
      }),
    ]);
  });

  it('reports attainment against a calendar-time target, per day in a timezone', async () => {
    const response = await get(
      `/api/v1/reports/sla-attainment?${range}&target_seconds=3600&period=day&tz=Europe/Berlin`,
    );
    expect(response.json().data).toEqual([
      {
        group_id: null,
        group_name: 'organisation',
        period_start: '2026-02-02',
        conversations: 4,
        answered: 3,
        under_target: 4,
        met: 2,
        attainment_pct: 50,
      },
    ]);
    const first = await get(`/api/v1/reports/first-response?${range}&target_seconds=3600`);
    expect(first.json().organisation).toMatchObject({
      conversations: 4,
      answered: 3,
      within_target: 2,
      within_target_pct: 50,
      within_target_of_answered_pct: 66.67,
    });
  });

  it('exports CSV and counts volume by local hour of week', async () => {
    const csv = await get(`/api/v1/reports/response-times?${range}&format=csv`);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\r\n')[0]).toBe(
      'group_id,group_name,conversations,answered,frt_p50_s,frt_p90_s,resolved,resolution_p50_s,resolution_p90_s',
    );
    const volume = (await get(`/api/v1/reports/volume?${range}&tz=Europe/Berlin`)).json().data as {
      weekday: string;
      hour: number;
      conversations: number;
    }[];
    expect(volume).toHaveLength(168);
    expect(volume.filter((cell) => cell.conversations > 0)).toEqual(
      [10, 11, 12, 13].map((hour) => ({ weekday: 'monday', hour, conversations: 1 })),
    );
  });

  it('lists the backlog by age and rejects bad parameters', async () => {
    const backlog = (await get('/api/v1/reports/backlog')).json().data as {
      age: string;
      conversations: number;
    }[];
    expect(backlog.reduce((sum, bucket) => sum + bucket.conversations, 0)).toBe(4);
    expect(backlog.find((bucket) => bucket.age === 'over_7d')?.conversations).toBe(4);
    const bad = await get('/api/v1/reports/volume?tz=Mars/Base');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].path).toBe('querystring/tz');
    expect((await get('/api/v1/reports/breaches?from=2026-03-01&to=2026-02-01')).statusCode).toBe(
      400,
    );
  });
});
