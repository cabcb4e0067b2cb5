/**
 * CSV for exports (reports, the audit log; RFC 4180). Names and changes come from users, so text a
 * spreadsheet would run as a formula is neutralised as OWASP advises: a cell whose first
 * character, after any leading spaces, tabs or line breaks (which spreadsheets skip), is `=`, `+`,
 * `-`, `@` or their full-width forms (`＝＋－＠`), or that starts with a tab or line break, gets a
 * leading `'`. Cells holding a quote, comma or line break are quoted.
 */
const formulaStart = /^[\s\u3000]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]|^[\t\r\n]/;

/** `text` made safe to open in a spreadsheet. */
export function neutraliseFormula(text: string): string {
  return formulaStart.test(text) ? `'${text}` : text;
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const text = neutraliseFormula(String(value));
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(rows: Record<string, unknown>[], columns?: string[]): string {
  const header = columns ?? Object.keys(rows[0] ?? {});
  const lines = [header.map(cell).join(',')];
  for (const row of rows) lines.push(header.map((column) => cell(row[column])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
