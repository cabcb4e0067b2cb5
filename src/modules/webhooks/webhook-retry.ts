/** When the next attempt of a failed delivery may run. */
export interface RetryPolicy {
  baseSeconds: number;
  /** No wait is longer, whatever the receiver asks for in Retry-After. */
  maxSeconds: number;
}

/**
 * Seconds a receiver asked us to wait (`Retry-After` as delta-seconds or an HTTP date), or null
 * when the header is absent or unreadable.
 */
export function retryAfterSeconds(header: string | null, now: number): number | null {
  if (!header) return null;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

/**
 * Exponential backoff (base, 2x base, 4x base ...) after the `attempt`-th failure; a 429 or 503
 * with Retry-After waits what the receiver asked instead (at least one second), within the cap.
 */
export function retryDelayMilliseconds(
  policy: RetryPolicy,
  attempt: number,
  status: number | null,
  retryAfter: number | null,
): number {
  const honoured = (status === 429 || status === 503) && retryAfter !== null;
  const seconds = honoured
    ? Math.max(1, retryAfter)
    : policy.baseSeconds * 2 ** Math.max(0, attempt - 1);
  return Math.min(seconds, policy.maxSeconds) * 1000;
}
