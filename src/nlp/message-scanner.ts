import { LETTER, MARK, NUMBER, PICTOGRAPHIC } from './char-classes.js';
import { WORD_SEED } from './feature-hashing.js';
import {
  classAt,
  EMOTICON_STARTS,
  emoticonAt,
  HAPPY,
  HEART,
  numberEnd,
  SINGLE_PUNCTUATION,
  urlEnd,
  widthAt,
} from './scanner-patterns.js';
import {
  ALL_CAPS_TOKEN,
  collapseElongation,
  decodeHtmlEntities,
  ELONGATED_TOKEN,
  HEART_TOKEN,
  isAllCapsWord,
  NEGATION_PREFIX,
  NEGATOR_WORDS,
  NUMBER_TOKEN,
  SAD_TOKEN,
  SMILE_TOKEN,
  URL_TOKEN,
  USER_TOKEN,
} from './tokeniser.js';
import { WordTable } from './word-table.js';

/**
 * The classifier's tokeniser: one pass over the message's code units that produces, per token,
 * its word hash and (for word-like tokens) its normalised characters in a shared buffer, without
 * building a string per token. It yields exactly the tokens of `tokenise` (tokeniser.ts, the
 * readable reference, still used for training and by other modules): same alternatives in the
 * same order as its regex, same lowercasing, elongation and negation rules. The equivalence is
 * tested on every data set in ../shared/data (message-scanner.test.ts).
 */
const FNV_PRIME = 0x01000193;
const NEG_SEED = hashString(NEGATION_PREFIX, WORD_SEED);
const NEGATORS = new WordTable(NEGATOR_WORDS, WORD_SEED);

export class ScannedMessage {
  count = 0;
  /** FNV-1a (word seed) of each token as `tokenise` spells it, "NEG_" prefix included. */
  hashes = new Int32Array(256);
  /** The same without the "NEG_" prefix, for lexicon lookups. */
  plainHashes = new Int32Array(256);
  /** Range of the token's characters in `chars` (prefix excluded), or -1 for placeholders. */
  starts = new Int32Array(256);
  ends = new Int32Array(256);
  negated = new Uint8Array(256);
  chars = new Uint16Array(1024);
  charCount = 0;

  reset(textLength: number): void {
    this.count = 0;
    this.charCount = 0;
    // A code unit yields at most three tokens (<allcaps> <elong> word); lowercasing can double a
    // letter. Sizing up front keeps capacity checks out of the per-token code.
    if (this.hashes.length < 3 * textLength + 8) {
      const size = 6 * textLength + 16;
      this.hashes = new Int32Array(size);
      this.plainHashes = new Int32Array(size);
      this.starts = new Int32Array(size);
      this.ends = new Int32Array(size);
      this.negated = new Uint8Array(size);
    }
    if (this.chars.length < 2 * textLength + 8) this.chars = new Uint16Array(4 * textLength + 16);
  }

  pushPlaceholder(hash: number): void {
    const index = this.count++;
    this.hashes[index] = hash;
    this.plainHashes[index] = hash;
    this.starts[index] = -1;
    this.ends[index] = -1;
    this.negated[index] = 0;
  }

  /** A token whose characters are already at chars[start..charCount). */
  pushWord(start: number, negated: boolean): void {
    const chars = this.chars;
    const end = this.charCount;
    let plain = WORD_SEED;
    let hash = negated ? NEG_SEED : WORD_SEED;
    for (let position = start; position < end; position++) {
      const code = chars[position] as number;
      plain = Math.imul(plain ^ code, FNV_PRIME);
      hash = Math.imul(hash ^ code, FNV_PRIME);
    }
    const index = this.count++;
    this.hashes[index] = hash;
    this.plainHashes[index] = plain;
    this.starts[index] = start;
    this.ends[index] = end;
    this.negated[index] = negated ? 1 : 0;
  }

  /** A word whose characters are chars[start..charCount) and whose hashes are known. */
  pushHashedWord(start: number, hash: number, plain: number, negated: boolean): void {
    const index = this.count++;
    this.hashes[index] = hash;
    this.plainHashes[index] = plain;
    this.starts[index] = start;
    this.ends[index] = this.charCount;
    this.negated[index] = negated ? 1 : 0;
  }

  /** A literal token (punctuation, emoji): word-like ones keep their characters, as in `tokenise`. */
  pushLiteral(source: string, from: number, to: number): void {
    const first = source.charCodeAt(from);
    if (first < 0x30 || first === 0x3c) {
      this.pushPlaceholder(hashRange(source, from, to, WORD_SEED));
      return;
    }
    const start = this.charCount;
    for (let position = from; position < to; position++) {
      this.chars[this.charCount++] = source.charCodeAt(position);
    }
    this.pushWord(start, false);
  }

  appendString(text: string): void {
    if (this.charCount + text.length > this.chars.length) {
      const grown = new Uint16Array(2 * (this.charCount + text.length));
      grown.set(this.chars);
      this.chars = grown;
    }
    for (let position = 0; position < text.length; position++) {
      this.chars[this.charCount++] = text.charCodeAt(position);
    }
  }
}

const URL_HASH = hashString(URL_TOKEN, WORD_SEED);
const USER_HASH = hashString(USER_TOKEN, WORD_SEED);
const NUMBER_HASH = hashString(NUMBER_TOKEN, WORD_SEED);
const ALL_CAPS_HASH = hashString(ALL_CAPS_TOKEN, WORD_SEED);
const ELONGATED_HASH = hashString(ELONGATED_TOKEN, WORD_SEED);
const SMILE_HASH = hashString(SMILE_TOKEN, WORD_SEED);
const SAD_HASH = hashString(SAD_TOKEN, WORD_SEED);
const HEART_HASH = hashString(HEART_TOKEN, WORD_SEED);
const DOTS = '...';
const QUESTIONS = '??';
const EXCLAMATIONS = '!!';
const MIXED = '?!';

/** Tokenises `text` into `into` (reset first) and returns it. */
export function scanMessage(text: string, into: ScannedMessage): ScannedMessage {
  const source = decodeHtmlEntities(text);
  const length = source.length;
  into.reset(length);
  let negated = false;
  let index = 0;
  while (index < length) {
    const code = source.charCodeAt(index);
    // The two commonest cases first: a space, and a word that cannot be a link.
    if (code === 0x20) {
      index++;
      continue;
    }
    if (
      ((code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a)) &&
      code !== 0x68 &&
      code !== 0x77
    ) {
      index = scanWord(source, index, negated, into);
      if (!negated && isNegatorToken(into, into.count - 1)) negated = true;
      continue;
    }
    if (code === 0x68 /* h */ || code === 0x77 /* w */) {
      const end = urlEnd(source, index);
      if (end > 0) {
        into.pushPlaceholder(URL_HASH);
        index = end;
        continue;
      }
    } else if (code === 0x40 /* @ */) {
      let end = index + 1;
      while (end < length) {
        const width = widthAt(source, end);
        if ((classAt(source, end) & (LETTER | NUMBER)) === 0 && source.charCodeAt(end) !== 0x5f)
          break;
        end += width;
      }
      if (end > index + 1) {
        into.pushPlaceholder(USER_HASH);
        index = end;
        continue;
      }
    }
    if (code < 0x80 && EMOTICON_STARTS[code] === 1) {
      const emoticon = emoticonAt(source, index);
      if (emoticon !== 0) {
        const kind = emoticon & 3;
        into.pushPlaceholder(kind === HEART ? HEART_HASH : kind === HAPPY ? SMILE_HASH : SAD_HASH);
        index += emoticon >> 2;
        continue;
      }
    }
    let wordStart = -1;
    if (code === 0x23 /* # */) {
      if (index + 1 < length && (classAt(source, index + 1) & (LETTER | MARK)) !== 0) {
        wordStart = index + 1;
      }
    } else if ((classAt(source, index) & (LETTER | MARK)) !== 0) wordStart = index;
    if (wordStart >= 0) {
      index = scanWord(source, wordStart, negated, into);
      const last = into.count - 1;
      if (!negated && isNegatorToken(into, last)) negated = true;
      continue;
    }
    const classes = classAt(source, index);
    if ((classes & NUMBER) !== 0) {
      index = numberEnd(source, index);
      into.pushPlaceholder(NUMBER_HASH);
      continue;
    }
    if (code === 0x21 /* ! */ || code === 0x3f /* ? */) {
      let end = index;
      let question = false;
      let exclamation = false;
      for (; end < length; end++) {
        const next = source.charCodeAt(end);
        if (next === 0x3f) question = true;
        else if (next === 0x21) exclamation = true;
        else break;
      }
      if (end - index === 1) into.pushLiteral(source, index, end);
      else pushString(into, question && exclamation ? MIXED : question ? QUESTIONS : EXCLAMATIONS);
      negated = false;
      index = end;
      continue;
    }
    if (code === 0x2e /* . */ && source.charCodeAt(index + 1) === 0x2e) {
      let end = index + 2;
      while (source.charCodeAt(end) === 0x2e) end++;
      pushString(into, DOTS);
      negated = false;
      index = end;
      continue;
    }
    if (code < 0x80 && SINGLE_PUNCTUATION[code] === 1) {
      into.pushLiteral(source, index, index + 1);
      negated = false;
      index++;
      continue;
    }
    const width = widthAt(source, index);
    if ((classes & PICTOGRAPHIC) !== 0) into.pushLiteral(source, index, index + width);
    index += width;
  }
  return into;
}

/**
 * A word: a letter or mark, then letters, marks, numbers, ' ’ and _. One pass lowercases (’ to '),
 * cuts runs of three or more equal characters to two and computes both hashes; a word with a
 * non-ASCII letter starts again on the reference path.
 */
function scanWord(source: string, start: number, negated: boolean, into: ScannedMessage): number {
  const length = source.length;
  const chars = into.chars;
  const first = into.charCount;
  let out = first;
  let upper = false;
  let lower = false;
  let elongated = false;
  let plain = WORD_SEED;
  let hash = negated ? NEG_SEED : WORD_SEED;
  let end = start;
  for (; end < length; end++) {
    let code = source.charCodeAt(end);
    if (code >= 0x61 && code <= 0x7a) lower = true;
    else if (code >= 0x41 && code <= 0x5a) {
      upper = true;
      code |= 0x20;
    } else if (code === 0x2019 /* ’ */) code = 0x27;
    else if (code >= 0x80) {
      if ((classAt(source, end) & (LETTER | MARK | NUMBER)) === 0) break;
      return scanWordSlowly(source, start, negated, into);
    } else if (!((code >= 0x30 && code <= 0x39) || code === 0x27 || code === 0x5f)) break;
    if (out - first >= 2 && code === chars[out - 1] && code === chars[out - 2]) {
      elongated = true;
      continue;
    }
    chars[out++] = code;
    plain = Math.imul(plain ^ code, FNV_PRIME);
    hash = Math.imul(hash ^ code, FNV_PRIME);
  }
  into.charCount = out;
  // Token order as in `tokenise`: <allcaps>, <elong>, then the word (bigrams depend on it).
  if (end - start >= 3 && upper && !lower) into.pushPlaceholder(ALL_CAPS_HASH);
  if (elongated) into.pushPlaceholder(ELONGATED_HASH);
  into.pushHashedWord(first, hash, plain, negated);
  return end;
}

/** Words with non-ASCII letters take the reference path, so case mapping is String's own. */
function scanWordSlowly(
  source: string,
  start: number,
  negated: boolean,
  into: ScannedMessage,
): number {
  let end = start;
  while (end < source.length) {
    const code = source.charCodeAt(end);
    if (code !== 0x27 && code !== 0x2019 && code !== 0x5f) {
      if ((classAt(source, end) & (LETTER | MARK | NUMBER)) === 0) break;
    }
    end += widthAt(source, end);
  }
  const raw = source.slice(start, end);
  let lower = raw.toLowerCase();
  if (lower.indexOf('’') !== -1) lower = lower.replace(/’/g, "'");
  if (isAllCapsWord(raw, lower)) into.pushPlaceholder(ALL_CAPS_HASH);
  const collapsed = collapseElongation(lower);
  if (collapsed !== lower) into.pushPlaceholder(ELONGATED_HASH);
  const first = into.charCount;
  into.appendString(collapsed);
  into.pushWord(first, negated);
  return end;
}

/** As `isNegator`: 2-9 characters, and "n't" at the end or one of the negator words. */
function isNegatorToken(scan: ScannedMessage, token: number): boolean {
  const start = scan.starts[token] as number;
  const end = scan.ends[token] as number;
  const length = end - start;
  if (length < 2 || length > 9) return false;
  const chars = scan.chars;
  if (
    chars[end - 1] === 0x74 &&
    chars[end - 2] === 0x27 &&
    length >= 3 &&
    chars[end - 3] === 0x6e
  ) {
    return true;
  }
  return NEGATORS.lookup(scan.plainHashes[token] as number, chars, start, end) >= 0;
}

function pushString(into: ScannedMessage, token: string): void {
  into.pushLiteral(token, 0, token.length);
}

function hashString(text: string, seed: number): number {
  return hashRange(text, 0, text.length, seed);
}

function hashRange(text: string, from: number, to: number, seed: number): number {
  let hash = seed;
  for (let position = from; position < to; position++) {
    hash = Math.imul(hash ^ text.charCodeAt(position), FNV_PRIME);
  }
  return hash;
}
