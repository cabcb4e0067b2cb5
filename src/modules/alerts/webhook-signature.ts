import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Webhook bodies are signed like Stripe's: HMAC-SHA256 over `<timestamp>.<body>` with the
 * webhook's secret, sent as `x-hearken-signature: sha256=<hex>` beside `x-hearken-timestamp`,
 * so a receiver can check both origin and freshness (and reject replays).
 */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export function verifyWebhook(
  secret: string,
  timestamp: string | undefined,
  body: string,
  signature: string | undefined,
): boolean {
  if (!timestamp || !signature) return false;
  const expected = Buffer.from(signWebhook(secret, Number(timestamp), body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
