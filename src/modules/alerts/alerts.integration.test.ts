import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../../platform/database/connection.js';
import { enqueueJob } from '../../platform/jobs/job-queue.js';
import { message } from '../../test/fixtures.js';
import { type SignedIn, signIn, testApp } from '../../test/http.js';
import { topics } from '../../test/listening-fixtures.js';
import { createTestRuntime, type TestRuntime } from '../../test/test-runtime.js';
import { acceptInbound } from '../ingest/index.js';
import { backlashDetection } from './alert.jobs.js';
import { verifyWebhook } from './webhook-signature.js';

const hour = 3_600_000;
const spikeHour = Date.parse('2026-03-05T14:00:00Z');
const secret = 'test-webhook-secret-0123456789';

let runtime: TestRuntime;
let app: FastifyInstance;
let admin: SignedIn;
let analyst: SignedIn;
let server: http.Server;
const received: { headers: http.IncomingHttpHeaders; body: string; answered: number }[] = [];

const get = (url: string, who: SignedIn = analyst) =>
  app.inject({ method: 'GET', url, headers: { cookie: who.cookie } });
const post = (url: string, payload: unknown, who: SignedIn = analyst) =>
  app.inject({
    method: 'POST',
    url,
    payload: payload as object,
    headers: { cookie: who.cookie, 'x-csrf-token': who.csrf },
  });

/** Lets a job waiting for its retry run now instead of after the backoff. */
async function runRetriesNow() {
  await runtime.database.db
    .updateTable('jobs')
    .set({ run_at: 0 })
    .where('status', '=', 'ready')
    .execute();
  await runtime.worker.drain();
}

beforeAll(async () => {
  // The receiver fails the first delivery, so the queue has to retry it.
  server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      const answered = received.length === 0 ? 500 : 204;
      received.push({ headers: request.headers, body, answered });
      response.statusCode = answered;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  runtime = await createTestRuntime();
  app = await testApp(runtime);
  admin = await signIn(app, runtime, 'admin');
  analyst = await signIn(app, runtime, 'analyst');
  const port = (server.address() as AddressInfo).port;
  const webhook = await post(
    '/api/v1/alert-webhooks',
    { url: `http://127.0.0.1:${port}/hooks`, secret },
    admin,
  );
  expect(webhook.statusCode).toBe(201);

  // Three days of quiet background (two messages an hour), then two hours of fee protest.
  const messages = [];
  for (let index = 0; index < 72 * 2; index++) {
    messages.push(
      message({ created_at: new Date(spikeHour - 72 * hour + index * 30 * 60_000).toISOString() }),
    );
  }
  for (const [offset, count] of [
    [0, 20],
    [1, 14],
  ] as const) {
    for (let index = 0; index < count; index++) {
      messages.push(
        message({
          text: topics.fee[index % topics.fee.length] as string,
          created_at: new Date(spikeHour + offset * hour + index * 60_000).toISOString(),
        }),
      );
    }
  }
  await acceptInbound(runtime.database, runtime.organisationId, messages, 'test');
  await runtime.worker.drain();
}, 60_000);
afterAll(async () => {
  await app.close();
  await runtime.close();
  await new Promise((resolve) => server.close(resolve));
});

describe('backlash alerts', () => {
  it('raises one alert for the spike, saying what changed, with examples', async () => {
    const alerts = (await get('/api/v1/alerts?status=all')).json().data;
    expect(alerts).toHaveLength(1);
    const [alert] = alerts;
    expect(alert.status).toBe('open');
    expect(alert.summary).toMatch(
      /^(negative )?mentions of '.*overdraft.*' on @AcmeSupport: \d+ in the hour vs 0 expected/,
    );
    expect(alert.observed_count).toBeGreaterThanOrEqual(10);
    expect(alert.first_hour_start).toBe(new Date(spikeHour).toISOString());
    expect(alert.last_hour_start).toBe(new Date(spikeHour + hour).toISOString());
    expect(alert.example_message_ids.length).toBeGreaterThan(0);
  });

  it('does not raise it again when the same hours are detected again', async () => {
    await withTransaction(runtime.database, (trx) =>
      enqueueJob(trx, backlashDetection.kind, {
        organisationId: runtime.organisationId,
        hours: [spikeHour, spikeHour + hour],
      }),
    );
    await runtime.worker.drain();
    expect((await get('/api/v1/alerts?status=all')).json().data).toHaveLength(1);
  });

  it('delivers the alert by webhook with a valid signature, retrying after a 500', async () => {
    expect(received.map((request) => request.answered)).toEqual([500]);
    await runRetriesNow();
    expect(received.map((request) => request.answered)).toEqual([500, 204]);
    const last = received[1] as (typeof received)[number];
    const timestamp = last.headers['x-hearken-timestamp'] as string;
    const signature = last.headers['x-hearken-signature'] as string;
    expect(verifyWebhook(secret, timestamp, last.body, signature)).toBe(true);
    expect(verifyWebhook('another-secret-0123456789', timestamp, last.body, signature)).toBe(false);
    expect(JSON.parse(last.body)).toMatchObject({
      event: 'alert.opened',
      alert: { status: 'open' },
    });
    const delivery = await runtime.database.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(delivery).toMatchObject({ status: 'delivered', response_status: 204 });
  });

  it('keeps e-mails in the outbox as not_configured without an SMTP server', async () => {
    const emails = (await get('/api/v1/alert-emails', admin)).json().data;
    expect(emails.length).toBeGreaterThan(0);
    expect(emails.every((email: { status: string }) => email.status === 'not_configured')).toBe(
      true,
    );
    expect((await get('/api/v1/alert-emails')).statusCode).toBe(403);
  });

  it('moves through acknowledged to resolved, for analysts but not agents', async () => {
    const [alert] = (await get('/api/v1/alerts')).json().data;
    const agent = await signIn(app, runtime, 'agent');
    expect((await get('/api/v1/alerts', agent)).statusCode).toBe(403);
    expect((await post(`/api/v1/alerts/${alert.id}/acknowledge`, {}, agent)).statusCode).toBe(403);
    const acknowledged = await post(`/api/v1/alerts/${alert.id}/acknowledge`, {});
    expect(acknowledged.json()).toMatchObject({ status: 'acknowledged' });
    const resolved = await post(`/api/v1/alerts/${alert.id}/resolve`, {});
    expect(resolved.json()).toMatchObject({ status: 'resolved' });
    expect((await post(`/api/v1/alerts/${alert.id}/resolve`, {})).statusCode).toBe(409);
    expect((await get('/api/v1/alerts')).json().data).toHaveLength(0);
  });
});

describe('webhook addresses', () => {
  it('refuses webhooks to loopback, link-local and private addresses by default', async () => {
    const strict = await createTestRuntime({ allowInternalWebhooks: false });
    const strictApp = await testApp(strict);
    try {
      const owner = await signIn(strictApp, strict, 'admin');
      for (const url of [
        'http://169.254.169.254/latest/meta-data/',
        'http://127.0.0.1:5432/',
        'http://localhost:3000/api',
        'http://[::1]/',
        'http://10.0.0.8/hook',
      ]) {
        const response = await strictApp.inject({
          method: 'POST',
          url: '/api/v1/alert-webhooks',
          headers: { cookie: owner.cookie, 'x-csrf-token': owner.csrf },
          payload: { url },
        });
        expect(response.statusCode, url).toBe(400);
        expect(response.json().error.fields[0].path).toBe('body/url');
      }
    } finally {
      await strictApp.close();
      await strict.close();
    }
  });
});
