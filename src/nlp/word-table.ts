/**
 * A fixed set of words looked up by the FNV hash (word seed) of characters in a buffer, so the
 * scanner can test "is this a negator / a lexicon word?" without building the word as a string.
 * A hash hit is confirmed character by character, so collisions cannot give a false match.
 */
const FNV_PRIME = 0x01000193;
const EMPTY = -1;

export class WordTable {
  private readonly words: readonly string[];
  private readonly slots: Int32Array;
  private readonly hashes: Int32Array;
  private readonly mask: number;

  /** `seed` must be the seed the callers' hashes start from (the word seed). */
  constructor(words: readonly string[], seed: number) {
    this.words = [...new Set(words)];
    let size = 16;
    while (size < this.words.length * 4) size *= 2;
    this.mask = size - 1;
    this.slots = new Int32Array(size).fill(EMPTY);
    this.hashes = new Int32Array(size);
    this.words.forEach((word, index) => {
      let hash = seed;
      for (let position = 0; position < word.length; position++) {
        hash = Math.imul(hash ^ word.charCodeAt(position), FNV_PRIME);
      }
      let slot = mix(hash) & this.mask;
      while ((this.slots[slot] as number) !== EMPTY) slot = (slot + 1) & this.mask;
      this.slots[slot] = index;
      this.hashes[slot] = hash;
    });
  }

  /** Index of the word spelled by chars[start..end) (whose hash is `hash`), or -1. */
  lookup(hash: number, chars: Uint16Array, start: number, end: number): number {
    let slot = mix(hash) & this.mask;
    for (;;) {
      const index = this.slots[slot] as number;
      if (index === EMPTY) return -1;
      if (this.hashes[slot] === hash && sameWord(this.words[index] as string, chars, start, end)) {
        return index;
      }
      slot = (slot + 1) & this.mask;
    }
  }

  wordAt(index: number): string {
    return this.words[index] as string;
  }
}

function sameWord(word: string, chars: Uint16Array, start: number, end: number): boolean {
  if (word.length !== end - start) return false;
  for (let position = 0; position < word.length; position++) {
    if (word.charCodeAt(position) !== chars[start + position]) return false;
  }
  return true;
}

function mix(hash: number): number {
  const mixed = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  return mixed ^ (mixed >>> 13);
}
