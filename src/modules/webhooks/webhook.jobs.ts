import { Type } from '@sinclair/typebox';
import type { Kysely } from 'kysely';
import type { Config } from '../../platform/config.js';
import type { Database } from '../../platform/database/schema.js';
import { defineJob, enqueue } from '../../platform/jobs/job-definition.js';
import { outboundUrlProblem } from '../../platform/outbound-address.js';
import {
  findDeliveryToSend,
  insertAttempt,
  insertDelivery,
  recordWebhookHealth,
  updateDelivery,
} from './webhook.repository.js';
import { retryAfterSeconds, retryDelayMilliseconds } from './webhook-retry.js';
import { signatureHeader } from './webhook-signature.js';

const Id = Type.Integer({ minimum: 1 });

/** One attempt at one delivery; a failed attempt queues the next one itself (see below). */
export const webhookDelivery = {
  kind: 'webhooks.deliver',
  payload: Type.Object({ deliveryId: Id }),
};

/** Stores a delivery and queues its first attempt, in the caller's transaction. */
export async function queueDelivery(
  trx: Kysely<Database>,
  delivery: {
    organisationId: number;
    webhookId: number;
    eventId: string;
    eventType: string;
    body: string;
    now: number;
  },
): Promise<number> {
  const deliveryId = await insertDelivery(trx, delivery);
  // The queue's own retries are only for a database failure inside the handler: HTTP failures
  // are recorded and rescheduled by the handler, with the receiver's Retry-After.
  await enqueue(trx, webhookDelivery, { deliveryId }, { runAt: delivery.now, maxAttempts: 5 });
  return deliveryId;
}

interface AttemptResult {
  status: number | null;
  retryAfter: number | null;
  error: string | null;
}

async function post(
  url: string,
  headers: Record<string, string>,
  body: string,
  config: Config,
): Promise<AttemptResult> {
  // Checked at each attempt: a host may resolve elsewhere than when it was saved.
  const problem = await outboundUrlProblem(url, config.allowInternalWebhooks);
  if (problem) return { status: null, retryAfter: null, error: `url ${problem}` };
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers,
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(config.webhookTimeoutSeconds * 1000),
    });
    await response.body?.cancel();
    const ok = response.status >= 200 && response.status < 300;
    return {
      status: response.status,
      retryAfter: retryAfterSeconds(response.headers.get('retry-after'), Date.now()),
      error: ok ? null : `HTTP ${response.status}`,
    };
  } catch (error) {
    const reason = error instanceof Error ? (error.cause ?? error) : error;
    const message = reason instanceof Error ? reason.message : String(reason);
    return { status: null, retryAfter: null, error: message.slice(0, 500) };
  }
}

/**
 * Sends a delivery once. Every attempt is written to the delivery log; a failure waits its
 * backoff (or the receiver's Retry-After on 429/503) in a new job, becomes a dead letter after the
 * last attempt, and counts towards disabling the subscription. The `Hearken-Delivery` id stays
 * the same across attempts, so a receiver can drop a repeat after a lost answer.
 */
export const deliverJob = defineJob({
  ...webhookDelivery,
  async handle(trx, { deliveryId }, { config }) {
    const delivery = await findDeliveryToSend(trx, deliveryId);
    if (delivery?.status !== 'pending') return;
    const now = Date.now();
    const attempt = delivery.attempts + 1;
    const log = {
      organisationId: delivery.organisation_id,
      webhookId: delivery.webhook_id,
      deliveryId,
      attempt,
    };
    if (delivery.enabled !== 1) {
      const error = 'the webhook is disabled';
      await updateDelivery(trx, deliveryId, {
        status: 'cancelled',
        attempts: delivery.attempts,
        nextAttemptAt: null,
        responseStatus: null,
        error,
        now,
      });
      return;
    }
    const unixSeconds = Math.floor(now / 1000);
    const started = performance.now();
    const result = await post(
      delivery.url,
      {
        'content-type': 'application/json',
        'user-agent': 'Hearken-Webhooks/1',
        'hearken-event': delivery.event_type,
        'hearken-event-id': delivery.event_id,
        'hearken-delivery': String(delivery.id),
        'hearken-signature': signatureHeader(delivery.secret, unixSeconds, delivery.body),
      },
      delivery.body,
      config,
    );
    const durationMs = Math.round(performance.now() - started);
    const finished = Date.now();
    if (result.error === null) {
      await insertAttempt(trx, {
        ...log,
        outcome: 'delivered',
        responseStatus: result.status,
        durationMs,
        error: null,
        retryAt: null,
        now: finished,
      });
      await updateDelivery(trx, deliveryId, {
        status: 'delivered',
        attempts: attempt,
        nextAttemptAt: null,
        responseStatus: result.status,
        error: null,
        now: finished,
      });
      if (delivery.consecutive_failures > 0) {
        await recordWebhookHealth(trx, delivery.webhook_id, 0, null, finished);
      }
      return;
    }
    const dead = attempt >= config.webhookMaxAttempts;
    const retryAt = dead
      ? null
      : finished +
        retryDelayMilliseconds(
          { baseSeconds: config.webhookRetryBaseSeconds, maxSeconds: 3600 },
          attempt,
          result.status,
          result.retryAfter,
        );
    await insertAttempt(trx, {
      ...log,
      outcome: dead ? 'dead' : 'retry',
      responseStatus: result.status,
      durationMs,
      error: result.error,
      retryAt,
      now: finished,
    });
    await updateDelivery(trx, deliveryId, {
      status: dead ? 'dead' : 'pending',
      attempts: attempt,
      nextAttemptAt: retryAt,
      responseStatus: result.status,
      error: result.error,
      now: finished,
    });
    if (retryAt !== null) {
      await enqueue(trx, webhookDelivery, { deliveryId }, { runAt: retryAt, maxAttempts: 5 });
    }
    const failures = delivery.consecutive_failures + 1;
    const disable =
      failures >= config.webhookDisableAfterFailures
        ? `disabled after ${failures} failed attempts in a row; the last: ${result.error}`
        : null;
    await recordWebhookHealth(trx, delivery.webhook_id, failures, disable, finished);
  },
});

export const webhookJobs = [deliverJob];
