import { stem } from './text-features.js';
import { type DocumentFrequencies, termBucket } from './theme-vector.js';

/**
 * The theme's most distinctive words: frequent in the theme (count) and rare overall (IDF), one
 * word per stem so "delay" and "delays" do not take two places.
 */
export function topTerms(
  words: Map<string, number>,
  frequencies: DocumentFrequencies,
  limit = 8,
): [string, number][] {
  const byStem = new Map<string, { word: string; count: number; total: number }>();
  for (const [word, count] of words) {
    const key = stem(word);
    const entry = byStem.get(key);
    if (!entry) byStem.set(key, { word, count, total: count });
    else {
      entry.total += count;
      if (count > entry.count) {
        entry.word = word;
        entry.count = count;
      }
    }
  }
  return [...byStem.entries()]
    .map(([key, entry]): [string, number] => [
      entry.word,
      Math.round(entry.total * frequencies.idf(termBucket(key)) * 100) / 100,
    ])
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, limit);
}

export function labelFromTerms(terms: [string, number][]): string {
  const words = terms.slice(0, 3).map(([word]) => word);
  return words.length > 0 ? words.join(', ') : '(no words)';
}
