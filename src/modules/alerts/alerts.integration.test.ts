import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../../platform/database/connection.js';
import { enqueueJob } from '../../platform/jobs/job-queue.js';
import { message } from '../../test/fixtures.js';
import { type SignedIn, signIn, testApp } from '../../test/http.js';
import { topics } from '../../test/listening-fixtures.js';
import { createTestRuntime, type TestRuntime } from '../../test/test-runtime.js';
import {
  receiverAcceptsSignature,
  startWebhookReceiver,
  type WebhookReceiver,
} from '../../test/webhook-receiver.js';
import { acceptInbound } from '../ingest/index.js';
import { backlashDetection } from './alert.jobs.js';

const hour = 3_600_000;
const spikeHour = Date.parse('2026-03-05T14:00:00Z');
const secret = 'test-webhook-secret-0123456789';

let runtime: TestRuntime;
let app: FastifyInstance;
let admin: SignedIn;
let analyst: SignedIn;
let receiver: WebhookReceiver;

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
  // The receiver fails the first delivery, so it has to be retried.
  receiver = await startWebhookReceiver();
  receiver.answers.push({ status: 500 });
  runtime = await createTestRuntime();
  app = await testApp(runtime);
  admin = await signIn(app, runtime, 'admin');
  analyst = await signIn(app, runtime, 'analyst');
  const webhook = await post(
    '/api/v1/webhooks',
    { url: receiver.url, secret, events: ['alert.opened'] },
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
  await receiver.close();
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
    expect(receiver.received.map((request) => request.answered)).toEqual([500]);
    await runRetriesNow();
    expect(receiver.received.map((request) => request.answered)).toEqual([500, 204]);
    const last = receiver.received[1] as WebhookReceiver['received'][number];
    const signature = last.headers['hearken-signature'];
    expect(receiverAcceptsSignature(secret, signature, last.body)).toBe(true);
    expect(receiverAcceptsSignature('another-secret-0123456789', signature, last.body)).toBe(false);
    expect(JSON.parse(last.body)).toMatchObject({
      type: 'alert.opened',
      data: { alert: { status: 'open' } },
    });
    const delivery = await runtime.database.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(delivery).toMatchObject({ status: 'delivered', response_status: 204, attempts: 2 });
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
