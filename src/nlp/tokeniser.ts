/**
 * Tweet tokeniser. Output tokens are lowercase words plus a few placeholder tokens, so models see
 * `<url>` instead of thousands of distinct links. Words inside a negation scope are prefixed with
 * `NEG_` (the scope ends at punctuation), following Das and Chen / Pang et al.: "not good" should
 * not share a feature with "good".
 */
export const URL_TOKEN = '<url>';
export const USER_TOKEN = '<user>';
export const NUMBER_TOKEN = '<num>';
export const ELONGATED_TOKEN = '<elong>';
export const ALL_CAPS_TOKEN = '<allcaps>';
export const SMILE_TOKEN = '<smile>';
export const SAD_TOKEN = '<sadface>';
export const HEART_TOKEN = '<heart>';
export const NEGATION_PREFIX = 'NEG_';

const TOKEN_PATTERN = new RegExp(
  [
    String.raw`(https?:\/\/\S+|www\.\S+)`, // 1 url
    String.raw`(@[\p{L}\p{N}_]+)`, // 2 mention
    String.raw`(<3|[:;=][\-o*'^]?[)\]dDpP3*](?!\p{L})|8-?\)|[:;=][\-o'^]?[(\[\/\\|]|\)[\-']?:)`, // 3 emoticon
    String.raw`#?([\p{L}\p{M}][\p{L}\p{M}\p{N}'’_]*)`, // 4 word or hashtag
    String.raw`(\p{N}+(?:[.,:/]\p{N}+)*%?)`, // 5 number
    String.raw`([!?]+|\.{2,}|[.,;:()"])`, // 6 punctuation
    String.raw`(\p{Extended_Pictographic})`, // 7 emoji
  ].join('|'),
  'gu',
);

const HAPPY_EMOTICON_ENDINGS = new Set([')', ']', 'd', 'D', 'p', 'P', '3', '*']);

/** Negators besides any "n't" contraction; the scanner builds its own lookup table from them. */
export const NEGATOR_WORDS: readonly string[] = [
  'not',
  'no',
  'never',
  'cannot',
  'nothing',
  'nobody',
  'none',
  'neither',
  'nor',
  'nowhere',
  'without',
  'dont',
  'doesnt',
  'didnt',
  'cant',
  'couldnt',
  'wont',
  'wouldnt',
  'isnt',
  'arent',
  'wasnt',
  'werent',
  'havent',
  'hasnt',
  'hadnt',
  'shouldnt',
  'aint',
  'neva',
];
const NEGATORS = new Set(NEGATOR_WORDS);

const NEGATOR_INITIALS = new Set([...NEGATORS].map((word) => word.charCodeAt(0)));

const ENTITY_PATTERN = /&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos|nbsp);/gi;
const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
};

export function decodeHtmlEntities(text: string): string {
  if (text.indexOf('&') === -1) return text;
  return text.replace(ENTITY_PATTERN, (match, entity: string) => {
    const lower = entity.toLowerCase();
    if (lower.startsWith('#x'))
      return safeFromCodePoint(Number.parseInt(lower.slice(2), 16), match);
    if (lower.startsWith('#')) return safeFromCodePoint(Number.parseInt(lower.slice(1), 10), match);
    return NAMED_ENTITIES[lower] ?? match;
  });
}

function safeFromCodePoint(codePoint: number, fallback: string): string {
  if (!Number.isFinite(codePoint) || codePoint < 0 || codePoint > 0x10ffff) return fallback;
  return String.fromCodePoint(codePoint);
}

/** True when the word is a negator: "not", "never", or any "n't" contraction. */
export function isNegator(word: string): boolean {
  const length = word.length;
  // Cheap filters first: this runs for every word, and a Set lookup hashes the whole string.
  if (length < 2 || length > 9) return false;
  if (
    word.charCodeAt(length - 1) === 0x74 /* t */ &&
    word.charCodeAt(length - 2) === 0x27 /* ' */ &&
    word.charCodeAt(length - 3) === 0x6e /* n */
  ) {
    return true;
  }
  return NEGATOR_INITIALS.has(word.charCodeAt(0)) && NEGATORS.has(word);
}

/**
 * Collapses runs of three or more identical characters to two ("sooooo" -> "soo"), returning the
 * same string when there is nothing to collapse so the common case allocates nothing.
 */
export function collapseElongation(word: string): string {
  let run = 1;
  let found = false;
  for (let index = 1; index < word.length; index++) {
    if (word.charCodeAt(index) === word.charCodeAt(index - 1)) {
      run++;
      if (run >= 3) {
        found = true;
        break;
      }
    } else run = 1;
  }
  if (!found) return word;
  return word.replace(/(.)\1{2,}/gsu, '$1$1');
}

export function isAllCapsWord(word: string, lower: string): boolean {
  if (word.length < 3 || word === lower) return false;
  return word === word.toUpperCase();
}

/**
 * Splits a message into normalised tokens. Allocates one string per token at most; placeholder
 * tokens are shared constants.
 */
export function tokenise(text: string): string[] {
  const source = decodeHtmlEntities(text);
  const tokens: string[] = [];
  let negated = false;
  TOKEN_PATTERN.lastIndex = 0;
  let match: RegExpExecArray | null = TOKEN_PATTERN.exec(source);
  while (match !== null) {
    if (match[1] !== undefined) tokens.push(URL_TOKEN);
    else if (match[2] !== undefined) tokens.push(USER_TOKEN);
    else if (match[3] !== undefined) tokens.push(emoticonToken(match[3]));
    else if (match[4] !== undefined) {
      const raw = match[4];
      let lower = raw.toLowerCase();
      if (lower.indexOf('’') !== -1) lower = lower.replace(/’/g, "'");
      if (isAllCapsWord(raw, lower)) tokens.push(ALL_CAPS_TOKEN);
      const collapsed = collapseElongation(lower);
      if (collapsed !== lower) tokens.push(ELONGATED_TOKEN);
      if (negated) tokens.push(NEGATION_PREFIX + collapsed);
      else tokens.push(collapsed);
      if (isNegator(collapsed)) negated = true;
    } else if (match[5] !== undefined) tokens.push(NUMBER_TOKEN);
    else if (match[6] !== undefined) {
      tokens.push(punctuationToken(match[6]));
      negated = false;
    } else if (match[7] !== undefined) tokens.push(match[7]);
    match = TOKEN_PATTERN.exec(source);
  }
  return tokens;
}

function emoticonToken(emoticon: string): string {
  if (emoticon === '<3') return HEART_TOKEN;
  if (emoticon.startsWith(')')) return SAD_TOKEN;
  const last = emoticon[emoticon.length - 1] ?? '';
  return HAPPY_EMOTICON_ENDINGS.has(last) ? SMILE_TOKEN : SAD_TOKEN;
}

function punctuationToken(punctuation: string): string {
  if (punctuation.length === 1) return punctuation;
  const first = punctuation[0];
  if (first === '.') return '...';
  const hasQuestion = punctuation.indexOf('?') !== -1;
  const hasExclamation = punctuation.indexOf('!') !== -1;
  if (hasQuestion && hasExclamation) return '?!';
  return hasQuestion ? '??' : '!!';
}

/** True for tokens that are words (not placeholders, punctuation or emoji). */
export function isWordToken(token: string): boolean {
  const first = token.charCodeAt(0);
  if (first === 0x3c /* < */) return false;
  if (first < 0x30) return false;
  return token.length > 0;
}
