/**
 * Unicode character classes as a lookup table, so the scanner can ask "is this a letter?" with
 * one array read instead of a regular expression. The table is built from the same `\p{...}`
 * properties the reference tokeniser's regex uses, so the two agree by construction.
 */
export const LETTER = 1;
export const MARK = 2;
export const NUMBER = 4;
export const PICTOGRAPHIC = 8;
export const SPACE = 16;

const PROPERTIES: ReadonlyArray<[RegExp, number]> = [
  [/\p{L}+/gu, LETTER],
  [/\p{M}+/gu, MARK],
  [/\p{N}+/gu, NUMBER],
  [/\p{Extended_Pictographic}+/gu, PICTOGRAPHIC],
  [/\s+/gu, SPACE],
];

/** Classes of every BMP code unit; surrogates are 0 (the scanner combines pairs first). */
export const BMP_CLASSES = buildBmpTable();

function buildBmpTable(): Uint8Array {
  const table = new Uint8Array(0x10000);
  // One string of the whole BMP, surrogates replaced by a placeholder so no pair forms; a few
  // global matches over it take a few milliseconds, against 65,536 regex tests one by one.
  const codes = new Uint16Array(0x10000);
  for (let code = 0; code < 0x10000; code++) {
    codes[code] = code >= 0xd800 && code <= 0xdfff ? 0x41 : code;
  }
  let all = '';
  for (let start = 0; start < 0x10000; start += 0x1000) {
    all += String.fromCharCode(...codes.subarray(start, start + 0x1000));
  }
  for (const [pattern, bit] of PROPERTIES) {
    for (const match of all.matchAll(pattern)) {
      const end = match.index + match[0].length;
      for (let code = match.index; code < end; code++) table[code] = (table[code] as number) | bit;
    }
  }
  table.fill(0, 0xd800, 0xe000);
  return table;
}

const astralClasses = new Map<number, number>();

/** Classes of a code point outside the BMP (emoji, rare letters), cached: they are few. */
export function astralClass(codePoint: number): number {
  let classes = astralClasses.get(codePoint);
  if (classes === undefined) {
    const text = String.fromCodePoint(codePoint);
    classes = 0;
    for (const [pattern, bit] of PROPERTIES) {
      pattern.lastIndex = 0; // global patterns keep state between calls
      if (pattern.test(text)) classes |= bit;
    }
    astralClasses.set(codePoint, classes);
  }
  return classes;
}
