import { SeededRandom } from '../../platform/seeded-random.js';

/**
 * A seeded PRNG (mulberry32) for the demo data: the same seed gives the same organisation on
 * every machine, which is what makes `hearken demo` repeatable and idempotent.
 */
export class DemoRandom extends SeededRandom {
  /** An independent stream for one part of the data, so drawing more in one part never shifts another. */
  static derive(seed: number, ...parts: (string | number)[]): DemoRandom {
    let hash = (seed ^ 0x811c9dc5) >>> 0;
    for (const character of parts.join('\u0000')) {
      hash = Math.imul(hash ^ (character.codePointAt(0) ?? 0), 0x01000193) >>> 0;
    }
    return new DemoRandom(hash);
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  /** Picks by weight: `[[value, weight], ...]`. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
    let point = this.next() * total;
    for (const [value, weight] of entries) {
      point -= weight;
      if (point < 0) return value;
    }
    return (entries.at(-1) as readonly [T, number])[0];
  }

  /** A duration drawn log-uniformly between min and max: many short, a few long. */
  logUniform(min: number, max: number): number {
    return Math.exp(Math.log(min) + this.next() * (Math.log(max) - Math.log(min)));
  }
}
