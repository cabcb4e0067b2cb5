import { SeededRandom } from '../src/platform/seeded-random.js';

/** mulberry32: a seeded PRNG so two runs of the bench push exactly the same traffic. */
export class BenchRandom extends SeededRandom {
  /** An integer in [0, bound). */
  int(bound: number): number {
    return Math.floor(this.next() * bound);
  }

  /** Picks by weight; `weights` is parallel to `items`. */
  weighted<T>(items: readonly T[], weights: readonly number[]): T {
    const total = weights.reduce((sum, weight) => sum + weight, 0);
    let at = this.next() * total;
    for (let index = 0; index < items.length; index++) {
      at -= weights[index] ?? 0;
      if (at < 0) return items[index] as T;
    }
    return items[items.length - 1] as T;
  }

  exponential(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }

  /** Log-normal with the given median: reply delays are heavy-tailed (minutes, sometimes days). */
  logNormal(median: number, sigma: number): number {
    const normal = Math.sqrt(-2 * Math.log(1 - this.next())) * Math.cos(2 * Math.PI * this.next());
    return median * Math.exp(sigma * normal);
  }
}
