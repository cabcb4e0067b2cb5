import { describe, expect, it } from 'vitest';
import { type ClustererOptions, defaultClustererOptions } from './cluster-types.js';
import { ThemeClusterer } from './theme-clusterer.js';
import { DocumentFrequencies, type MessageVector, rareWordFloor, weigh } from './theme-vector.js';

/** A unit vector from bucket -> weight (normalised here), without words. */
function vector(entries: [number, number][]): MessageVector {
  const norm = Math.sqrt(entries.reduce((sum, [, weight]) => sum + weight * weight, 0));
  return {
    buckets: entries.map(([bucket]) => bucket),
    weights: entries.map(([, weight]) => weight / norm),
    terms: [],
  };
}

/** A message whose cosine with bucket 1 alone is `similarity` (the rest on bucket `other`). */
const leaning = (similarity: number, other: number) =>
  vector([
    [1, similarity],
    [other, Math.sqrt(1 - similarity * similarity)],
  ]);

/** Opens a theme of `count` messages on bucket 1; returns its id. */
function establish(clusterer: ThemeClusterer, count: number, firstId: number): number {
  let themeId: number | null = null;
  for (let index = 0; index < count; index++) {
    for (const assignment of clusterer.assign(firstId + index, vector([[1, 1]]), index)) {
      if (assignment.themeId !== null) themeId = assignment.themeId;
    }
  }
  expect(themeId).not.toBeNull();
  return themeId as number;
}

const options = (changes: Partial<ClustererOptions>): ClustererOptions => ({
  ...defaultClustererOptions,
  ...changes,
});

describe('themed coverage', () => {
  it('a message under the opening threshold joins an established theme above the lower bar', () => {
    const clusterer = new ThemeClusterer(options({ attachThreshold: 0.2, establishedSize: 10 }));
    const theme = establish(clusterer, 10, 1);
    const [assignment] = clusterer.assign(100, leaning(0.25, 99), 100);
    expect(assignment?.themeId).toBe(theme);
    expect(assignment?.similarity).toBeCloseTo(0.25, 5);
    // Below the lower bar it still waits.
    expect(clusterer.assign(101, leaning(0.15, 98), 101)[0]?.themeId).toBeNull();
  });

  it('without the lower bar (or before the theme is established) the message waits', () => {
    const off = new ThemeClusterer(options({ attachThreshold: 0 }));
    establish(off, 10, 1);
    expect(off.assign(100, leaning(0.25, 99), 100)[0]?.themeId).toBeNull();
    const young = new ThemeClusterer(options({ attachThreshold: 0.2, establishedSize: 10 }));
    establish(young, 5, 1);
    expect(young.assign(100, leaning(0.25, 99), 100)[0]?.themeId).toBeNull();
  });

  it('a message leaving the full pool joins a theme that became established meanwhile', () => {
    const clusterer = new ThemeClusterer(
      options({ candidatePoolSize: 3, attachThreshold: 0.2, establishedSize: 10 }),
    );
    expect(clusterer.assign(1, leaning(0.25, 99), 0)[0]?.themeId).toBeNull();
    const theme = establish(clusterer, 10, 10);
    // Unrelated one-off messages fill the pool and push the first one out.
    const late = [200, 201, 202].flatMap((bucket) =>
      clusterer.assign(bucket, vector([[bucket, 1]]), bucket),
    );
    expect(late).toContainEqual(expect.objectContaining({ messageId: 1, themeId: theme }));
    expect(late.filter((assignment) => assignment.themeId !== null)).toHaveLength(1);
  });
});

describe('consolidation of small themes', () => {
  /** A big theme on bucket 1 and a small one leaning 0.17 towards it (under the lower bar). */
  function twoThemes(changes: Partial<ClustererOptions>) {
    const clusterer = new ThemeClusterer(
      options({ mergeThreshold: 0.99, absorbThreshold: 0.15, minThemeVolume: 20, ...changes }),
    );
    const big = establish(clusterer, 25, 1);
    let small: number | null = null;
    for (const id of [100, 101, 102]) {
      for (const assignment of clusterer.assign(id, leaning(0.17, 50), id))
        small = assignment.themeId;
    }
    expect(small).not.toBeNull();
    expect(small).not.toBe(big);
    return { clusterer, big, small: small as number };
  }

  it('folds a theme that stayed small for a whole period into the most similar larger one', () => {
    const { clusterer, big, small } = twoThemes({});
    expect(clusterer.consolidate()).toEqual([]); // opened in this period: it may still grow
    expect(clusterer.consolidate()).toEqual([{ fromId: small, intoId: big }]);
    expect(clusterer.themes.has(small)).toBe(false);
    expect(clusterer.centroidsOf(big)[0]?.count).toBe(28);
  });

  it('keeps small themes when turned off, when too different, and when pinned', () => {
    for (const changes of [{ minThemeVolume: 0 }, { absorbThreshold: 0.2 }]) {
      const { clusterer } = twoThemes(changes);
      clusterer.consolidate();
      expect(clusterer.consolidate()).toEqual([]);
    }
    const { clusterer, small } = twoThemes({});
    (clusterer.themes.get(small) as { pinned: boolean }).pinned = true;
    clusterer.consolidate();
    expect(clusterer.consolidate()).toEqual([]);
  });
});

describe('rare-word IDF floor', () => {
  it('a word seen once weighs as much as one seen rareWordFloor times, not more', () => {
    const frequencies = new DocumentFrequencies();
    frequencies.documents = 1000;
    frequencies.counts[5] = 1;
    frequencies.counts[6] = rareWordFloor;
    frequencies.counts[7] = 200;
    const weighed = weigh(
      [],
      new Map([
        [5, 1],
        [6, 1],
        [7, 1],
      ]),
      frequencies,
    );
    const [once, floor, common] = weighed.weights as [number, number, number];
    expect(once).toBeCloseTo(floor, 10);
    expect(common).toBeLessThan(floor);
  });

  it('stays a positive weighting at a cold start', () => {
    const frequencies = new DocumentFrequencies();
    frequencies.documents = 1;
    frequencies.counts[5] = 1;
    expect(weigh([], new Map([[5, 1]]), frequencies).weights[0]).toBeCloseTo(1, 10);
  });
});
