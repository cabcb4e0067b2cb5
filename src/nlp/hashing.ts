/**
 * FNV-1a over UTF-16 code units, written to be stepped one code unit at a time so n-grams can be
 * hashed without allocating substrings. `Math.imul` keeps the multiply in 32-bit integer space.
 */
export const FNV_OFFSET_BASIS = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

export function fnvStep(hash: number, codeUnit: number): number {
  return Math.imul(hash ^ codeUnit, FNV_PRIME);
}

export function fnvString(text: string, seed: number = FNV_OFFSET_BASIS): number {
  let hash = seed;
  for (let index = 0; index < text.length; index++) {
    hash = Math.imul(hash ^ text.charCodeAt(index), FNV_PRIME);
  }
  return hash;
}

/**
 * murmur3's finaliser: FNV's low bits mix poorly, and buckets are taken from the low bits, so
 * every hash is avalanched before masking.
 */
export function finaliseHash(hash: number): number {
  let mixed = hash ^ (hash >>> 16);
  mixed = Math.imul(mixed, 0x85ebca6b);
  mixed ^= mixed >>> 13;
  mixed = Math.imul(mixed, 0xc2b2ae35);
  mixed ^= mixed >>> 16;
  return mixed >>> 0;
}

/** Combines two hashes order-dependently, e.g. the two words of a bigram. */
export function combineHashes(first: number, second: number): number {
  return Math.imul(first ^ 0x9e3779b9, 0x01000193) ^ Math.imul(second, 0x85ebca6b);
}
