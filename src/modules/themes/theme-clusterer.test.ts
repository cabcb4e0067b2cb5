import { describe, expect, it } from 'vitest';
import { topics } from '../../test/listening-fixtures.js';
import { planRecluster } from './recluster-plan.js';
import { stem, themeTerms } from './text-features.js';
import { ThemeClusterer } from './theme-clusterer.js';
import { labelFromTerms, topTerms } from './theme-label.js';
import { DocumentFrequencies, vectorise } from './theme-vector.js';

const stream = [0, 1, 2, 3, 4, 5, 6, 7].flatMap((index) => [
  { topic: 'fee', text: topics.fee[index] as string },
  { topic: 'app', text: topics.app[index] as string },
  { topic: 'card', text: topics.card[index] as string },
]);

function run(clusterer: ThemeClusterer, frequencies: DocumentFrequencies) {
  const themeOf = new Map<number, number | null>();
  stream.forEach((message, index) => {
    const vector = vectorise(message.text, frequencies, true);
    for (const assignment of clusterer.assign(index, vector, index * 1000)) {
      themeOf.set(assignment.messageId, assignment.themeId);
    }
  });
  return themeOf;
}

describe('text features', () => {
  it('stems plurals and tenses, drops stopwords, mentions and links', () => {
    expect(stem('delays')).toBe('delay');
    expect(stem('delayed')).toBe('delay');
    expect(stem('cancelled')).toBe('cancel');
    expect(
      themeTerms('@Acme the flights are DELAYED again http://x.co').map((t) => t.stem),
    ).toEqual(['flight', 'delay']);
  });
});

describe('online theme clustering', () => {
  it('groups messages by topic and opens themes only for repeated topics', () => {
    const frequencies = new DocumentFrequencies();
    const clusterer = new ThemeClusterer();
    const themeOf = run(clusterer, frequencies);
    for (const topic of ['fee', 'app', 'card']) {
      const themes = stream
        .map((message, index) => (message.topic === topic ? themeOf.get(index) : undefined))
        .filter((theme) => theme !== undefined);
      const counts = new Map<number | null, number>();
      for (const theme of themes) counts.set(theme ?? null, (counts.get(theme ?? null) ?? 0) + 1);
      const [majority, size] = [...counts].sort((a, b) => b[1] - a[1])[0] as [
        number | null,
        number,
      ];
      expect(majority).not.toBeNull();
      expect(size).toBeGreaterThanOrEqual(6);
    }
    const distinct = new Set([...themeOf.values()].filter((theme) => theme !== null));
    expect(distinct.size).toBe(3);
    const labels = [...clusterer.themes.values()].map((theme) =>
      labelFromTerms(topTerms(theme.words, frequencies)),
    );
    expect(labels.some((label) => label.includes('overdraft'))).toBe(true);
    expect(labels.some((label) => label.includes('declined'))).toBe(true);
  });

  it('a lone message waits in the pool instead of opening a theme', () => {
    const clusterer = new ThemeClusterer();
    const frequencies = new DocumentFrequencies();
    const [assignment] = clusterer.assign(
      1,
      vectorise('the branch closes early on sundays', frequencies, true),
      0,
    );
    expect(assignment?.themeId).toBeNull();
    expect(clusterer.pool.size).toBe(1);
    expect(clusterer.themes.size).toBe(0);
  });

  it('an analyst merge keeps both centroids under the surviving theme', () => {
    const frequencies = new DocumentFrequencies();
    const clusterer = new ThemeClusterer();
    const themeOf = run(clusterer, frequencies);
    const fee = themeOf.get(0) as number;
    const app = themeOf.get(1) as number;
    clusterer.mergeTheme(app, fee);
    const { centroid } = clusterer.nearest(
      vectorise('the app crashes at login', frequencies, false),
    );
    expect(centroid?.themeId).toBe(fee);
  });

  it('re-clustering from scratch keeps pinned themes and their split rules', () => {
    const messages = stream.map((message, index) => ({
      messageId: index,
      text: message.text,
      createdAt: index * 1000,
    }));
    const first = planRecluster(messages, []);
    const appTheme = first.assignments.get(1)?.themeId as number;
    const pinned = [
      {
        id: 500,
        centroids: first.clusterer.centroidsOf(appTheme),
        words: [...(first.clusterer.themes.get(appTheme)?.words ?? [])],
        splits: [{ keywords: new Set([stem('update')]), childThemeId: 501 }],
      },
      { id: 501, centroids: [], words: [], splits: [] },
    ];
    const second = planRecluster(messages, pinned as never);
    const appIndexes = stream.flatMap((message, index) => (message.topic === 'app' ? [index] : []));
    for (const index of appIndexes) {
      const expected = stream[index]?.text.includes('update') ? 501 : 500;
      expect(second.assignments.get(index)?.themeId).toBe(expected);
    }
  });
});
