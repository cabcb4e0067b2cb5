/** Output of the bench: `key=value` lines a script can grep, and `#` lines for people. */
export function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

export function figure(key: string, value: number | string): void {
  print(`${key}=${typeof value === 'number' ? formatNumber(value) : value}`);
}

export function note(text: string): void {
  print(`# ${text}`);
}

function formatNumber(value: number): string {
  if (Number.isInteger(value)) return String(value);
  if (Math.abs(value) >= 100) return String(Math.round(value));
  return value.toFixed(3);
}

export function rate(count: number, seconds: number): number {
  return seconds > 0 ? Math.round(count / seconds) : 0;
}

/** Runs `work` and returns its result with the wall time in seconds. */
export async function timed<T>(work: () => Promise<T> | T): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, (performance.now() - started) / 1000];
}
