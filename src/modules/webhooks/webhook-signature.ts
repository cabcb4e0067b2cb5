import { createHmac } from 'node:crypto';

/**
 * Bodies are signed like Stripe's: HMAC-SHA256 with the subscription's secret over
 * `<timestamp>.<raw body>`, sent as `Hearken-Signature: t=<unix seconds>,v1=<hex>`. The timestamp
 * is inside the signed text, so a receiver checks origin and freshness together and can refuse
 * replays (docs/webhooks.md has a verification snippet).
 */
export function signatureHeader(secret: string, unixSeconds: number, body: string): string {
  const digest = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${digest}`;
}
