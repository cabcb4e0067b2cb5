import { tokenise } from '../../nlp/index.js';

/**
 * 64-bit simhash (Charikar) over word shingles, for copy-paste campaigns: two texts that differ
 * in a few words (a different @mention, a link, one word) land within a few bits of each other.
 * JavaScript has no cheap 64-bit integers, so the hash is two 32-bit halves.
 */
export interface Simhash {
  high: number;
  low: number;
}

/** Texts with fewer words than this are not fingerprinted: "thank you!" is not a campaign. */
export const minimumFingerprintWords = 5;
/** Bit differences still counted as the same text; with 4 bands of 16 bits, at most 3. */
export const maximumDuplicateDistance = 3;

const shingleSize = 2;

/** The message's words, lower-cased, mentions and links dropped (they vary between copies). */
function fingerprintWords(text: string): string[] {
  const words: string[] = [];
  for (const token of tokenise(text)) {
    const first = token.charCodeAt(0);
    if (first === 0x3c || first < 0x30) continue;
    words.push(token.startsWith('NEG_') ? token.slice(4) : token);
  }
  return words;
}

/**
 * Two independent 32-bit hashes of a shingle (FNV-1a with different offsets, then murmur3's
 * finaliser): the NLP library's hashing yields bucket indices of at most 24 bits, and simhash
 * needs 64 well-mixed bits per feature.
 */
function hashPair(text: string, into: Uint32Array): void {
  let first = 0x811c9dc5;
  let second = 0x2c1b3c6d;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    first = Math.imul(first ^ code, 0x01000193);
    second = Math.imul(second ^ code, 0x01000193);
  }
  into[0] = mix(first);
  into[1] = mix(second ^ 0x5bd1e995);
}

function mix(hash: number): number {
  let mixed = hash ^ (hash >>> 16);
  mixed = Math.imul(mixed, 0x85ebca6b);
  mixed ^= mixed >>> 13;
  mixed = Math.imul(mixed, 0xc2b2ae35);
  return (mixed ^ (mixed >>> 16)) >>> 0;
}

const pair = new Uint32Array(2);
const tally = new Int32Array(64);

/** The simhash of a text, or null when it is too short to fingerprint. */
export function simhash(text: string): Simhash | null {
  const words = fingerprintWords(text);
  if (words.length < minimumFingerprintWords) return null;
  tally.fill(0);
  for (let index = 0; index + shingleSize <= words.length; index++) {
    hashPair(words.slice(index, index + shingleSize).join(' '), pair);
    const low = pair[0] as number;
    const high = pair[1] as number;
    for (let bit = 0; bit < 32; bit++) {
      tally[bit] = (tally[bit] as number) + ((low >>> bit) & 1 ? 1 : -1);
      tally[bit + 32] = (tally[bit + 32] as number) + ((high >>> bit) & 1 ? 1 : -1);
    }
  }
  let low = 0;
  let high = 0;
  for (let bit = 0; bit < 32; bit++) {
    if ((tally[bit] as number) > 0) low |= 1 << bit;
    if ((tally[bit + 32] as number) > 0) high |= 1 << bit;
  }
  return { high: high >>> 0, low: low >>> 0 };
}

function popcount(value: number): number {
  let v = value - ((value >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) as number;
}

export function hammingDistance(a: Simhash, b: Simhash): number {
  return popcount((a.high ^ b.high) >>> 0) + popcount((a.low ^ b.low) >>> 0);
}

/**
 * The four 16-bit bands. Two hashes within 3 bits agree exactly on at least one band
 * (pigeonhole), so an indexed equality lookup per band finds every candidate.
 */
export function bands(hash: Simhash): [number, number, number, number] {
  return [hash.high >>> 16, hash.high & 0xffff, hash.low >>> 16, hash.low & 0xffff];
}
