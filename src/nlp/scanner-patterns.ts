import { astralClass, BMP_CLASSES, LETTER, NUMBER, SPACE } from './char-classes.js';

/**
 * The non-word alternatives of the reference tokeniser's regex (links, numbers, emoticons) and
 * code-point helpers, for the scanner in message-scanner.ts. Each function answers for one
 * position of the source string, exactly as the regex alternative would match there.
 */
export function urlEnd(source: string, index: number): number {
  let after: number;
  if (source.startsWith('https://', index)) after = index + 8;
  else if (source.startsWith('http://', index)) after = index + 7;
  else if (source.startsWith('www.', index)) after = index + 4;
  else return 0;
  let end = after;
  while (end < source.length && (classAt(source, end) & SPACE) === 0) end++;
  return end > after ? end : 0;
}

export function numberEnd(source: string, index: number): number {
  const length = source.length;
  let end = index;
  while (end < length && (classAt(source, end) & NUMBER) !== 0) end += widthAt(source, end);
  for (;;) {
    const separator = source.charCodeAt(end);
    const isSeparator =
      separator === 0x2e || separator === 0x2c || separator === 0x3a || separator === 0x2f;
    if (!isSeparator || end + 1 >= length || (classAt(source, end + 1) & NUMBER) === 0) break;
    end++;
    while (end < length && (classAt(source, end) & NUMBER) !== 0) end += widthAt(source, end);
  }
  if (source.charCodeAt(end) === 0x25 /* % */) end++;
  return end;
}

export const EMOTICON_STARTS = asciiSet('<:;=8)');
const HAPPY_ENDS = asciiSet(')]dDpP3*');
const HAPPY_NOSES = asciiSet("-o*'^");
const SAD_ENDS = asciiSet('([/\\|');
const SAD_NOSES = asciiSet("-o'^");
export const SINGLE_PUNCTUATION = asciiSet('.,;:()"');
/** What `emoticonAt` returns: its length times 4 plus one of these kinds (0: no emoticon). */
export const HAPPY = 1;
const SAD = 2;
export const HEART = 3;

/**
 * The emoticon alternative of the reference regex at `index`, tried in the regex's own
 * backtracking order: 0 for none, else length * 4 + kind.
 */
export function emoticonAt(source: string, index: number): number {
  const code = source.charCodeAt(index);
  const next = source.charCodeAt(index + 1);
  const after = source.charCodeAt(index + 2);
  if (code === 0x3c) return next === 0x33 ? 2 * 4 + HEART : 0;
  if (code === 0x3a || code === 0x3b || code === 0x3d) {
    if (inSet(HAPPY_NOSES, next) && inSet(HAPPY_ENDS, after) && !isLetterAt(source, index + 3)) {
      return 3 * 4 + HAPPY;
    }
    if (inSet(HAPPY_ENDS, next) && !isLetterAt(source, index + 2)) return 2 * 4 + HAPPY;
    if (inSet(SAD_NOSES, next) && inSet(SAD_ENDS, after)) return 3 * 4 + SAD;
    if (inSet(SAD_ENDS, next)) return 2 * 4 + SAD;
    return 0;
  }
  if (code === 0x38 /* 8 */) {
    if (next === 0x2d && after === 0x29) return 3 * 4 + HAPPY;
    return next === 0x29 ? 2 * 4 + HAPPY : 0;
  }
  // ")" then an optional "-" or "'" and ":" is a sad face written backwards.
  if ((next === 0x2d || next === 0x27) && after === 0x3a) return 3 * 4 + SAD;
  return next === 0x3a ? 2 * 4 + SAD : 0;
}

function asciiSet(characters: string): Uint8Array {
  const set = new Uint8Array(128);
  for (let index = 0; index < characters.length; index++) set[characters.charCodeAt(index)] = 1;
  return set;
}

function inSet(set: Uint8Array, code: number): boolean {
  return code < 128 && set[code] === 1;
}

function isLetterAt(source: string, index: number): boolean {
  return index < source.length && (classAt(source, index) & LETTER) !== 0;
}

/** Classes of the code point at `index` (a surrogate pair counts as one code point). */
export function classAt(source: string, index: number): number {
  const code = source.charCodeAt(index);
  if (code < 0xd800 || code > 0xdbff) return BMP_CLASSES[code] as number;
  const low = source.charCodeAt(index + 1);
  if (low < 0xdc00 || low > 0xdfff) return 0;
  return astralClass(((code - 0xd800) << 10) + (low - 0xdc00) + 0x10000);
}

export function widthAt(source: string, index: number): number {
  const code = source.charCodeAt(index);
  if (code < 0xd800 || code > 0xdbff) return 1;
  const low = source.charCodeAt(index + 1);
  return low >= 0xdc00 && low <= 0xdfff ? 2 : 1;
}
