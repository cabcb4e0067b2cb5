/**
 * Reads until `done` holds or `deadlineMs` has passed, pausing `pollMs` between reads, and
 * returns the last value read: the caller asserts on it, so a timeout fails with what was there
 * rather than with a bare "timed out". Tests wait for a condition, never for a fixed time.
 */
export async function waitFor<T>(
  read: () => T | Promise<T>,
  done: (value: T) => boolean,
  deadlineMs: number,
  pollMs = 50,
): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, pollMs));
    value = await read();
  }
  return value;
}
