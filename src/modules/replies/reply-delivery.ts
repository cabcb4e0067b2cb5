import { randomUUID } from 'node:crypto';
import { Type } from '@sinclair/typebox';

/**
 * Sends one reply of the outbox through its channel's adapter; the handler lives with the
 * adapters (src/channels/delivery.jobs.ts), as the ingest job's lives in the pipeline.
 */
export const replyDelivery = {
  kind: 'channels.deliver',
  payload: Type.Object({ outboxId: Type.Integer({ minimum: 1 }) }),
};

/** Attempts before a reply the channel keeps refusing for a passing reason is marked failed. */
export const deliveryMaxAttempts = 12;

/** A key no two sends share: a retry reuses it, a deliberate resend gets a new one. */
export function newIdempotencyKey(): string {
  return randomUUID();
}
