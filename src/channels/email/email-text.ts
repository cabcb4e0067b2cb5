/**
 * Customer mail reduced to the text an agent reads: never HTML (the app shows text only), without
 * the quoted history a mail client appends, within the inbound message's size.
 */
const maxTextLength = 20_000;

/** Lines that start a quoted history in the common clients (Gmail, Outlook, Apple Mail). */
const historyStarts = [
  /^On .{1,300}wrote:\s*$/,
  /^Le .{1,300}a écrit\s*:\s*$/,
  /^Am .{1,300}schrieb .{0,200}:\s*$/,
  /^-{2,}\s*Original Message\s*-{2,}\s*$/i,
  /^-{2,}\s*Forwarded message\s*-{2,}\s*$/i,
  /^_{10,}\s*$/,
  /^From: .+$/,
];

export function trimQuotedHistory(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const kept: string[] = [];
  for (const [index, line] of lines.entries()) {
    const trimmed = line.trim();
    // A "From:" line only starts a history when a Sent:/Date: line follows (Outlook's header).
    if (/^From: /.test(trimmed)) {
      const next = (lines[index + 1] ?? '').trim();
      if (/^(Sent|Date|To):/i.test(next)) break;
      kept.push(line);
      continue;
    }
    if (historyStarts.some((pattern) => pattern.test(trimmed))) break;
    if (trimmed.startsWith('>')) continue;
    kept.push(line);
  }
  // A signature separator ends the message proper.
  const signature = kept.indexOf('-- ');
  const body = signature === -1 ? kept : kept.slice(0, signature);
  return body
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Makes text safe to store and show: no NULs or lone surrogates, bounded length. */
export function safeText(text: string): string {
  const cleaned = text
    .replaceAll('\u0000', '')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
  return cleaned.length > maxTextLength ? `${cleaned.slice(0, maxTextLength - 1)}…` : cleaned;
}
