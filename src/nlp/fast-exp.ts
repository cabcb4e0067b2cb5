/**
 * exp(x) for x <= 0, as softmax needs after subtracting the maximum. V8's Math.exp is a call into
 * C++ that the optimiser cannot inline (~15-20 ns); classify needs 84 of them per message (77
 * intents), which was a tenth of its time. This one is a few multiplications: x = n ln2 + r with
 * |r| <= ln2/2, e^r by its Taylor series to r^6 (relative error below 2e-7 down to e^-700), 2^n from a table.
 */
const POWERS_OF_TWO = Float64Array.from({ length: 1100 }, (_, index) => 2 ** (index - 1099));

export function expNonPositive(x: number): number {
  if (x < -745) return 0;
  const n = Math.round(x * Math.LOG2E);
  const r = x - n * Math.LN2;
  const series =
    1 + r * (1 + r * (1 / 2 + r * (1 / 6 + r * (1 / 24 + r * (1 / 120 + r * (1 / 720))))));
  return series * (POWERS_OF_TWO[n + 1099] as number);
}
