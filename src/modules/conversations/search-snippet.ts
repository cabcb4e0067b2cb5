/**
 * The part of a message around the first place a search matched, with where each match sits in
 * it, so the inbox can show why a conversation is in the results and mark the words (as text,
 * never as HTML: the message is the customer's).
 */
export interface SearchSnippet {
  text: string;
  /** Offsets in `text` (UTF-16 code units, as JavaScript strings count) of every match. */
  matches: { start: number; length: number }[];
}

/** Characters of context shown before the first match. */
const before = 40;
/** The longest snippet, ellipses included. */
const longest = 160;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Whitespace runs (line breaks in e-mails) read as one space in a one-line snippet. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * The snippet of `message` for the search `query`, case-insensitive as the databases match it;
 * null when the query is not in the message (the database's case folding can be wider than
 * JavaScript's for a few scripts, and then the list still shows the conversation, unmarked).
 */
export function searchSnippet(message: string, query: string): SearchSnippet | null {
  const needle = oneLine(query);
  if (needle === '') return null;
  const text = oneLine(message);
  const pattern = new RegExp(escapeRegExp(needle), 'giu');
  const first = pattern.exec(text);
  if (!first) return null;
  let start = Math.max(0, first.index - before);
  // Start at a word boundary rather than in the middle of one.
  if (start > 0) {
    const space = text.indexOf(' ', start);
    if (space !== -1 && space < first.index) start = space + 1;
  }
  const prefix = start > 0 ? '…' : '';
  let end = Math.min(text.length, start + longest - prefix.length);
  const suffix = end < text.length ? '…' : '';
  if (suffix) end -= 1;
  const snippet = `${prefix}${text.slice(start, end)}${suffix}`;
  const matches: SearchSnippet['matches'] = [];
  pattern.lastIndex = 0;
  const window = text.slice(start, end);
  for (let found = pattern.exec(window); found; found = pattern.exec(window)) {
    matches.push({ start: found.index + prefix.length, length: found[0].length });
  }
  return { text: snippet, matches };
}
