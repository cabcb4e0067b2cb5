import { describe, expect, it } from 'vitest';
import { searchSnippet } from './search-snippet.js';

const marked = (snippet: ReturnType<typeof searchSnippet>) =>
  snippet?.matches.map((match) => snippet.text.slice(match.start, match.start + match.length));

describe('search snippets', () => {
  it('marks every match, whatever its case', () => {
    const snippet = searchSnippet('Fee, FEE and fee again', 'fee');
    expect(snippet?.text).toBe('Fee, FEE and fee again');
    expect(marked(snippet)).toEqual(['Fee', 'FEE', 'fee']);
  });

  it('cuts a long message around the first match, with ellipses where text is left out', () => {
    const message = `${'word '.repeat(60)}the overdraft fee doubled ${'tail '.repeat(60)}`;
    const snippet = searchSnippet(message, 'overdraft fee');
    expect(snippet?.text.startsWith('…')).toBe(true);
    expect(snippet?.text.endsWith('…')).toBe(true);
    expect(snippet?.text.length).toBeLessThanOrEqual(160);
    expect(marked(snippet)).toEqual(['overdraft fee']);
    // Context before the match starts on a whole word.
    expect(snippet?.text.slice(1, 6)).toBe('word ');
  });

  it('reads search characters literally and line breaks as spaces', () => {
    expect(marked(searchSnippet('Is it 50% (really)?', '50% (r'))).toEqual(['50% (r']);
    expect(searchSnippet('first line\n\nsecond line', 'line second')?.text).toBe(
      'first line second line',
    );
  });

  it('is null when the message does not hold the search', () => {
    expect(searchSnippet('nothing to see', 'fee')).toBeNull();
    expect(searchSnippet('anything', '   ')).toBeNull();
  });

  it('keeps right-to-left text and its matches intact', () => {
    const snippet = searchSnippet('الرسوم الجديدة مرتفعة جدا', 'الجديدة');
    expect(marked(snippet)).toEqual(['الجديدة']);
  });
});
