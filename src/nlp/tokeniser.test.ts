import { describe, expect, it } from 'vitest';
import {
  collapseElongation,
  decodeHtmlEntities,
  isNegator,
  NUMBER_TOKEN,
  tokenise,
  URL_TOKEN,
  USER_TOKEN,
} from './tokeniser.js';

describe('tokenise', () => {
  it('lowercases words and replaces links, mentions and numbers with placeholders', () => {
    expect(tokenise('@Acme My Order 12345 is at https://example.com/track?id=9 now')).toEqual([
      USER_TOKEN,
      'my',
      'order',
      NUMBER_TOKEN,
      'is',
      'at',
      URL_TOKEN,
      'now',
    ]);
  });

  it('decodes HTML entities before splitting', () => {
    expect(tokenise('I &lt;3 it &amp; you')).toEqual(['i', '<heart>', 'it', 'you']);
    expect(decodeHtmlEntities('a &amp; b &lt;3 &#39;x&#39; &#x41;')).toBe("a & b <3 'x' A");
  });

  it('marks words after a negator until punctuation', () => {
    expect(tokenise('This is not good at all. Great now')).toEqual([
      'this',
      'is',
      'not',
      'NEG_good',
      'NEG_at',
      'NEG_all',
      '.',
      'great',
      'now',
    ]);
    expect(tokenise("I don't like it, but fine")).toEqual([
      'i',
      "don't",
      'NEG_like',
      'NEG_it',
      ',',
      'but',
      'fine',
    ]);
  });

  it('flags elongated and shouted words', () => {
    expect(tokenise('sooooo HAPPY')).toEqual(['<elong>', 'soo', '<allcaps>', 'happy']);
    expect(collapseElongation('noooo way')).toBe('noo way');
    expect(collapseElongation('good')).toBe('good');
  });

  it('keeps emoji and maps emoticons to smile and sad tokens', () => {
    expect(tokenise('love it :) 😍')).toEqual(['love', 'it', '<smile>', '😍']);
    expect(tokenise('missed my train :(')).toEqual(['missed', 'my', 'train', '<sadface>']);
    expect(tokenise('see you at 8pm')).toEqual(['see', 'you', 'at', NUMBER_TOKEN, 'pm']);
  });

  it('normalises runs of punctuation and strips the hash of hashtags', () => {
    expect(tokenise('why?!?! #fail...')).toEqual(['why', '?!', 'fail', '...']);
    expect(tokenise('really???')).toEqual(['really', '??']);
  });

  it('recognises negators including contractions without apostrophes', () => {
    expect(isNegator('never')).toBe(true);
    expect(isNegator("wouldn't")).toBe(true);
    expect(isNegator('cant')).toBe(true);
    expect(isNegator('note')).toBe(false);
  });
});
