/**
 * Finds what could run in a page: script-capable elements, event-handler attributes and
 * script or data URLs in links. Text that was escaped (`&lt;script&gt;`) is not a tag and never
 * matches, which is the point.
 */
export function activeContent(page: string): string[] {
  const problems: string[] = [];
  for (const tag of page.matchAll(/<([a-zA-Z][a-zA-Z0-9-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g)) {
    const name = (tag[1] ?? '').toLowerCase();
    const attributes = tag[2] ?? '';
    if (
      ['script', 'iframe', 'object', 'embed', 'svg', 'math', 'style', 'base', 'frame'].includes(
        name,
      )
    ) {
      problems.push(`<${name}> element`);
    }
    for (const attribute of attributes.matchAll(
      /([^\s=/]+)\s*(?:=\s*("[^"]*"|'[^']*'|[^\s>]+))?/g,
    )) {
      const key = (attribute[1] ?? '').toLowerCase();
      const value = (attribute[2] ?? '')
        .replace(/^["']|["']$/g, '')
        .trim()
        .toLowerCase();
      if (key.startsWith('on')) problems.push(`${key} attribute on <${name}>`);
      if (key === 'style') problems.push(`style attribute on <${name}>`);
      if (['href', 'src', 'action', 'formaction', 'xlink:href', 'srcset'].includes(key)) {
        if (
          /^(javascript|vbscript|data):/.test(
            [...value].filter((character) => character.charCodeAt(0) > 32).join(''),
          )
        ) {
          problems.push(`${key}=${value} on <${name}>`);
        }
        if (/^&#|^&(colon|tab|newline);/i.test(value)) problems.push(`entity-encoded ${key}`);
      }
    }
  }
  return problems;
}

/** Payloads that try to become markup or script, in Markdown and in plain fields. */
export const scriptPayloads = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg onload=alert(1)>',
  "'><iframe src=javascript:alert(1)>",
  '[click](javascript:alert(1))',
  '[click](JaVaScRiPt:alert(1))',
  '[click](&#106;avascript:alert(1))',
  '[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '![img](javascript:alert(1))',
  '![x" onerror="alert(1)](https://example.com/a.png)',
  '<a href="javascript:alert(1)">x</a>',
  '<svg><script>alert(1)</script></svg>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '[a](https://example.com/"onmouseover="alert(1))',
  '<details open ontoggle=alert(1)>',
  '`<script>`alert(1)',
  'javascript:alert(1)',
  '<style>body{display:none}</style>',
];
