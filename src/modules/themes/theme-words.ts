import type { ClusterTheme } from './theme-clusterer.js';
import type { MessageVector } from './theme-vector.js';

/** Surface words kept per theme for its label; the rarest fall off when the map doubles. */
const labelWordsKept = 64;

export function bumpWord(theme: ClusterTheme, word: string, count: number): void {
  theme.words.set(word, (theme.words.get(word) ?? 0) + count);
  if (theme.words.size > labelWordsKept * 2) {
    const kept = [...theme.words].sort((a, b) => b[1] - a[1]).slice(0, labelWordsKept);
    theme.words = new Map(kept);
  }
}

/** Counts each word once per message, so one long rant does not name the theme. */
export function addLabelWords(theme: ClusterTheme, vector: MessageVector): void {
  const seen = new Set<string>();
  for (const term of vector.terms) {
    if (seen.has(term.word)) continue;
    seen.add(term.word);
    bumpWord(theme, term.word, 1);
  }
}
