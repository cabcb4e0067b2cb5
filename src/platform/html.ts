/**
 * Server-rendered HTML for the few pages that must work without the web app or JavaScript (a
 * link in an e-mail, the public "you said, we did" page). Every value is escaped here; callers
 * pass text, never markup, except the `body` they built with `escapeHtml`.
 */
const entities: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** The one HTML escape of the server-rendered pages (these and the portal's `html` template). */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"'`]/g, (character) => entities[character] as string);
}

export function htmlDocument(input: {
  title: string;
  body: string;
  language?: string;
  head?: string;
}): string {
  return `<!doctype html>
<html lang="${escapeHtml(input.language ?? 'en')}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(input.title)}</title>
${input.head ?? ''}
<style>body{font-family:system-ui,sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1a1a1a}button{font:inherit;padding:.4rem 1rem}textarea{width:100%;font:inherit}.muted{color:#555}article{border-top:1px solid #ddd;padding:1rem 0}</style>
</head>
<body>
${input.body}
</body>
</html>`;
}

/** Parses `application/x-www-form-urlencoded` bodies (the plain HTML forms of these pages). */
export function parseFormBody(body: string): Record<string, string> {
  const result: Record<string, string> = {};
  // The first value of a field wins; a field named like an object's own key is ignored.
  for (const [key, value] of new URLSearchParams(body)) {
    if (key in result || key === '__proto__') continue;
    result[key] = value;
  }
  return result;
}
