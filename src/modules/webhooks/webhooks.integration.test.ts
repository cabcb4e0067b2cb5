import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { conversationIdOf, message } from '../../test/fixtures.js';
import { type SignedIn, signIn, testApp, testPassword } from '../../test/http.js';
import { createTestRuntime, type TestRuntime } from '../../test/test-runtime.js';
import {
  receiverAcceptsSignature,
  startWebhookReceiver,
  type WebhookReceiver,
} from '../../test/webhook-receiver.js';
import { createUser } from '../auth/index.js';
import { acceptInbound } from '../ingest/index.js';

const secret = 'integration-secret-0123456789';
const retryBaseSeconds = 60;

let runtime: TestRuntime;
let app: FastifyInstance;
let admin: SignedIn;
let receiver: WebhookReceiver;
let webhookId: number;

const call = (
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  who: SignedIn,
  payload?: object,
) =>
  app.inject({
    method,
    url,
    headers: { cookie: who.cookie, 'x-csrf-token': who.csrf },
    ...(payload ? { payload } : {}),
  });

async function ingestOne(overrides = {}) {
  const inbound = message(overrides);
  await acceptInbound(runtime.database, runtime.organisationId, [inbound], 'test');
  await runtime.worker.drain();
  return inbound;
}

/** The delivery job waiting for its next attempt, if any. */
async function waitingRetry() {
  return runtime.database.db
    .selectFrom('jobs')
    .select(['id', 'run_at'])
    .where('kind', '=', 'webhooks.deliver')
    .where('status', '=', 'ready')
    .execute();
}

/** Lets every waiting attempt run now instead of after its backoff. */
async function runRetriesNow() {
  await runtime.database.db
    .updateTable('jobs')
    .set({ run_at: 0 })
    .where('kind', '=', 'webhooks.deliver')
    .where('status', '=', 'ready')
    .execute();
  await runtime.worker.drain();
}

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  runtime = await createTestRuntime({
    webhookRetryBaseSeconds: retryBaseSeconds,
    webhookMaxAttempts: 3,
    webhookDisableAfterFailures: 4,
  });
  app = await testApp(runtime);
  admin = await signIn(app, runtime, 'admin');
  const created = await call('POST', '/api/v1/webhooks', admin, {
    url: receiver.url,
    name: 'CRM',
    secret,
    events: ['message.created', 'conversation.resolved'],
  });
  expect(created.statusCode).toBe(201);
  webhookId = created.json().id;
}, 60_000);

afterAll(async () => {
  await app.close();
  await runtime.close();
  await receiver.close();
});

beforeEach(() => {
  receiver.received.length = 0;
  receiver.answers.length = 0;
});

describe('webhook subscriptions', () => {
  it('shows the secret once and lets only admins manage webhooks', async () => {
    const list = (await call('GET', '/api/v1/webhooks', admin)).json();
    expect(list.data).toHaveLength(1);
    expect(list.data[0]).toMatchObject({ id: webhookId, name: 'CRM', enabled: true });
    expect(JSON.stringify(list)).not.toContain(secret);
    expect(list.event_types).toContain('alert.opened');
    for (const role of ['lead', 'agent', 'analyst'] as const) {
      const someone = await signIn(app, runtime, role);
      expect((await call('GET', '/api/v1/webhooks', someone)).statusCode).toBe(403);
      expect((await call('POST', `/api/v1/webhooks/${webhookId}/test`, someone)).statusCode).toBe(
        403,
      );
    }
    const audit = await runtime.database.db
      .selectFrom('audit_log')
      .select('changes')
      .where('action', '=', 'webhook.created')
      .execute();
    expect(audit.map((row) => row.changes).join()).not.toContain(secret);
  });

  it('refuses unknown event types and bad URLs with a clear 400', async () => {
    const unknown = await call('POST', '/api/v1/webhooks', admin, {
      url: receiver.url,
      events: ['message.deleted'],
    });
    expect(unknown.statusCode).toBe(400);
    const relative = await call('POST', '/api/v1/webhooks', admin, {
      url: 'ftp://example.com/hook',
      events: ['message.created'],
    });
    expect(relative.statusCode).toBe(400);
    expect(relative.json().error.fields[0].path).toBe('body/url');
  });
});

describe('deliveries', () => {
  it('POSTs a signed message.created that a receiver verifies with its own code', async () => {
    const inbound = await ingestOne();
    expect(receiver.received).toHaveLength(1);
    const [request] = receiver.received;
    if (!request) throw new Error('no request');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['hearken-event']).toBe('message.created');
    expect(
      receiverAcceptsSignature(secret, request.headers['hearken-signature'], request.body),
    ).toBe(true);
    expect(
      receiverAcceptsSignature(
        'not-the-secret-0123456789',
        request.headers['hearken-signature'],
        request.body,
      ),
    ).toBe(false);
    // A body changed on the way no longer matches its signature.
    expect(
      receiverAcceptsSignature(secret, request.headers['hearken-signature'], `${request.body} `),
    ).toBe(false);
    const body = JSON.parse(request.body);
    expect(body).toMatchObject({
      type: 'message.created',
      organisation_id: runtime.organisationId,
      data: {
        conversation_id: await conversationIdOf(runtime.database.db, inbound.external_id),
        direction: 'inbound',
      },
    });
    expect(body.id).toBe(request.headers['hearken-event-id']);
  });

  it('retries after a 503 with backoff and delivers exactly once', async () => {
    receiver.answers.push({ status: 503 });
    const before = Date.now();
    await ingestOne();
    expect(receiver.received.map((request) => request.answered)).toEqual([503]);
    const [retry] = await waitingRetry();
    expect(retry?.run_at).toBeGreaterThanOrEqual(before + retryBaseSeconds * 1000);
    expect(retry?.run_at).toBeLessThan(Date.now() + retryBaseSeconds * 1000 + 1000);
    // Not due yet: draining the queue sends nothing.
    await runtime.worker.drain();
    expect(receiver.received).toHaveLength(1);
    await runRetriesNow();
    await runRetriesNow();
    expect(receiver.received.map((request) => request.answered)).toEqual([503, 204]);
    const [first, second] = receiver.received;
    expect(second?.headers['hearken-delivery']).toBe(first?.headers['hearken-delivery']);
    expect(second?.body).toBe(first?.body);
    expect(await waitingRetry()).toHaveLength(0);
  });

  it("honours a 429's Retry-After instead of its own backoff", async () => {
    receiver.answers.push({ status: 429, headers: { 'retry-after': '7' } });
    await ingestOne();
    const answeredAt = Date.now();
    const [retry] = await waitingRetry();
    expect(retry?.run_at).toBeGreaterThanOrEqual(answeredAt + 7000 - 1500);
    expect(retry?.run_at).toBeLessThanOrEqual(answeredAt + 7000);
    await runRetriesNow();
    expect(receiver.received.map((request) => request.answered)).toEqual([429, 204]);
    const log = (
      await call('GET', `/api/v1/webhooks/${webhookId}/deliveries?limit=2`, admin)
    ).json();
    expect(log.data.map((entry: { outcome: string }) => entry.outcome)).toEqual([
      'delivered',
      'retry',
    ]);
    expect(log.data[1]).toMatchObject({ response_status: 429, error: 'HTTP 429', attempt: 1 });
    expect(log.data[0]).toMatchObject({
      response_status: 204,
      attempt: 2,
      delivery_status: 'delivered',
    });
    expect(log.data[0].duration_ms).toBeGreaterThanOrEqual(0);
    expect(log.next_offset).toBe(2);
    const next = (
      await call('GET', `/api/v1/webhooks/${webhookId}/deliveries?limit=2&offset=2`, admin)
    ).json();
    expect(next.data[0].id).toBeLessThan(log.data[1].id);
  });

  it('sends conversation.resolved when an agent resolves the conversation', async () => {
    const inbound = await ingestOne();
    receiver.received.length = 0;
    const conversationId = await conversationIdOf(runtime.database.db, inbound.external_id);
    const resolved = await call('PATCH', `/api/v1/conversations/${conversationId}`, admin, {
      status: 'resolved',
    });
    expect(resolved.statusCode).toBe(200);
    await runtime.worker.drain();
    expect(receiver.received.map((request) => request.headers['hearken-event'])).toEqual([
      'conversation.resolved',
    ]);
    expect(JSON.parse(receiver.received[0]?.body ?? '{}').data).toMatchObject({
      conversation_id: conversationId,
      status: 'resolved',
    });
  });

  it('gives up after the last attempt, then disables a webhook that keeps failing', async () => {
    receiver.fallback = { status: 500 };
    try {
      await ingestOne();
      await runRetriesNow();
      await runRetriesNow();
      await runRetriesNow();
      expect(receiver.received).toHaveLength(3);
      const log = (
        await call('GET', `/api/v1/webhooks/${webhookId}/deliveries?limit=3`, admin)
      ).json();
      expect(log.data.map((entry: { outcome: string }) => entry.outcome)).toEqual([
        'dead',
        'retry',
        'retry',
      ]);
      // One more failure in a row reaches the limit of four.
      await ingestOne();
      const [webhook] = (await call('GET', '/api/v1/webhooks', admin)).json().data;
      expect(webhook.enabled).toBe(false);
      expect(webhook.disabled_reason).toMatch(/4 failed attempts in a row.*HTTP 500/);
      // A disabled webhook hears nothing and cannot be tested.
      receiver.received.length = 0;
      await runRetriesNow();
      await ingestOne();
      expect(receiver.received).toHaveLength(0);
      expect((await call('POST', `/api/v1/webhooks/${webhookId}/test`, admin)).statusCode).toBe(
        409,
      );
    } finally {
      receiver.fallback = { status: 204 };
    }
    const enabled = await call('PATCH', `/api/v1/webhooks/${webhookId}`, admin, { enabled: true });
    expect(enabled.json()).toMatchObject({
      enabled: true,
      consecutive_failures: 0,
      disabled_reason: null,
    });
  });

  it('sends a test event on demand through the same path', async () => {
    const queued = await call('POST', `/api/v1/webhooks/${webhookId}/test`, admin);
    expect(queued.statusCode).toBe(202);
    await runtime.worker.drain();
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]?.headers['hearken-delivery']).toBe(
      String(queued.json().delivery_id),
    );
    expect(JSON.parse(receiver.received[0]?.body ?? '{}').type).toBe('webhook.test');
  });
});

describe('organisation scoping', () => {
  it("never shows, changes or feeds another organisation's webhooks", async () => {
    const otherOrganisationId = (
      await runtime.database.db
        .insertInto('organisations')
        .values({ name: 'Other Org', settings: '{}', created_at: Date.now() })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    const email = `other-admin-${Date.now()}@example.com`;
    await createUser(
      runtime,
      otherOrganisationId,
      { email, name: 'Other admin', role: 'admin', password: testPassword },
      null,
    );
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password: testPassword },
    });
    const cookie = login.cookies.find((candidate) => candidate.name === 'hearken_session');
    const other: SignedIn = {
      cookie: `hearken_session=${cookie?.value}`,
      csrf: login.json().csrf_token,
    };
    expect((await call('GET', '/api/v1/webhooks', other)).json().data).toEqual([]);
    for (const [method, url] of [
      ['PATCH', `/api/v1/webhooks/${webhookId}`],
      ['DELETE', `/api/v1/webhooks/${webhookId}`],
      ['POST', `/api/v1/webhooks/${webhookId}/test`],
      ['GET', `/api/v1/webhooks/${webhookId}/deliveries`],
    ] as const) {
      const response = await call(
        method,
        url,
        other,
        method === 'PATCH' ? { enabled: false } : undefined,
      );
      expect(response.statusCode, `${method} ${url}`).toBe(404);
    }
    const theirs = await startWebhookReceiver();
    try {
      const created = await call('POST', '/api/v1/webhooks', other, {
        url: theirs.url,
        events: ['message.created'],
      });
      expect(created.statusCode).toBe(201);
      await ingestOne();
      expect(receiver.received).toHaveLength(1);
      expect(theirs.received).toHaveLength(0);
    } finally {
      await theirs.close();
    }
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
          url: '/api/v1/webhooks',
          headers: { cookie: owner.cookie, 'x-csrf-token': owner.csrf },
          payload: { url, events: ['message.created'] },
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
