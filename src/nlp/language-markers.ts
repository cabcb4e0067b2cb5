import { WORD_SEED } from './feature-hashing.js';
import { LANGUAGE_MARKER_WORDS, LANGUAGE_SEED_WORDS } from './language-seed-words.js';
import { WordTable } from './word-table.js';

/**
 * The language identifier's tie-breakers (see `LanguageIdentifier`): words and letters that,
 * among the seven Latin-script languages, only one language uses.
 */

/**
 * Marker words by language, without any word that is also in another language's seed list or in
 * two marker lists: a marker must point at one language only.
 */
function markerWords(): { words: string[]; languages: string[] } {
  const seeds = new Map(
    Object.keys(LANGUAGE_SEED_WORDS).map((language) => [
      language,
      new Set((LANGUAGE_SEED_WORDS[language] as string).split(/\s+/).filter(Boolean)),
    ]),
  );
  const owners = new Map<string, string[]>();
  for (const [language, list] of Object.entries(LANGUAGE_MARKER_WORDS)) {
    for (const word of new Set(list.split(/\s+/).filter(Boolean))) {
      owners.set(word, [...(owners.get(word) ?? []), language]);
    }
  }
  const words: string[] = [];
  const languages: string[] = [];
  for (const [word, [language, ...others]] of owners) {
    if (others.length > 0 || language === undefined) continue;
    const elsewhere = [...seeds].some(([other, set]) => other !== language && set.has(word));
    if (elsewhere) continue;
    words.push(word);
    languages.push(language);
  }
  return { words, languages };
}

/**
 * Letters that, among the eight languages, only one writes: ã õ Portuguese, ñ Spanish, ä ö ß
 * German, ì ò Italian. A word with one of them counts as a marker of that language. (ü, ç, è, à,
 * ê are shared: Spanish vergüenza, French and Portuguese ç, French and Italian è.)
 */
export const ACCENT_LANGUAGES = ['portuguese', 'spanish', 'german', 'italian'];

export function accentMarker(chars: Uint16Array, start: number, end: number): number {
  for (let position = start; position < end; position++) {
    const code = chars[position] as number;
    if (code < 0xdf) continue;
    switch (code) {
      case 0xe3: // ã
      case 0xf5: // õ
        return 0;
      case 0xf1: // ñ
        return 1;
      case 0xe4: // ä
      case 0xf6: // ö
      case 0xdf: // ß
        return 2;
      case 0xec: // ì
      case 0xf2: // ò
        return 3;
    }
  }
  return -1;
}

const MARKER_LIST = markerWords();
export const MARKERS = new WordTable(MARKER_LIST.words, WORD_SEED);
export const MARKER_LANGUAGES = MARKER_LIST.languages;
/** Bit (hash >>> 18) is set for the word-seed FNV hash of every marker word. */
export const MARKER_FILTER = markerFilter(MARKER_LIST.words);
export const MARKER_INDEX = new Map(MARKER_LIST.words.map((word, index) => [word, index]));

function markerFilter(words: readonly string[]): Uint32Array {
  const filter = new Uint32Array(1 << 9);
  for (const word of words) {
    let hash = WORD_SEED;
    for (let position = 0; position < word.length; position++) {
      hash = Math.imul(hash ^ word.charCodeAt(position), 0x01000193);
    }
    const bit = hash >>> 18;
    filter[bit >>> 5] = (filter[bit >>> 5] as number) | (1 << (bit & 31));
  }
  return filter;
}
