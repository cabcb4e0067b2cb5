/** Small statistics for results: confidence intervals and Fisher's exact test, written here. */

/** Mean with a 95% confidence interval (normal approximation; t for small n is close enough above 30). */
export function meanInterval(
  count: number,
  sum: number,
  sumOfSquares: number,
): { mean: number | null; low: number | null; high: number | null } {
  if (count === 0) return { mean: null, low: null, high: null };
  const mean = sum / count;
  if (count < 2) return { mean, low: null, high: null };
  const variance = Math.max(0, (sumOfSquares - count * mean * mean) / (count - 1));
  const half = tCritical95(count - 1) * Math.sqrt(variance / count);
  return { mean, low: mean - half, high: mean + half };
}

/** Two-sided 97.5% quantile of Student's t for small degrees of freedom, 1.96 beyond. */
function tCritical95(degrees: number): number {
  const table = [
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16,
    2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052,
    2.048, 2.045, 2.042,
  ];
  return degrees <= table.length ? (table[degrees - 1] as number) : 1.96;
}

function logFactorial(n: number): number {
  let sum = 0;
  for (let k = 2; k <= n; k++) sum += Math.log(k);
  return sum;
}

/**
 * Fisher's exact test, two-sided, for the table [[a, b], [c, d]]: the sum of the probabilities of
 * every table with the same margins that is no more likely than the one observed.
 */
export function fisherExact(a: number, b: number, c: number, d: number): number {
  const row1 = a + b;
  const row2 = c + d;
  const column1 = a + c;
  const n = row1 + row2;
  const factorials = new Float64Array(n + 1);
  for (let k = 2; k <= n; k++) factorials[k] = (factorials[k - 1] as number) + Math.log(k);
  const lf = (k: number) => factorials[k] as number;
  const logP = (x: number) =>
    lf(row1) +
    lf(row2) +
    lf(column1) +
    lf(n - column1) -
    lf(n) -
    lf(x) -
    lf(row1 - x) -
    lf(column1 - x) -
    lf(row2 - column1 + x);
  const observed = logP(a);
  const low = Math.max(0, column1 - row2);
  const high = Math.min(row1, column1);
  let p = 0;
  for (let x = low; x <= high; x++) {
    const value = logP(x);
    // Relative tolerance: tables as likely as the observed one count (floating-point ties).
    if (value <= observed + 1e-7) p += Math.exp(value);
  }
  return Math.min(1, p);
}

export { logFactorial };
