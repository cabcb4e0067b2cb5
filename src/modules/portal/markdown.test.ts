import { describe, expect, it } from 'vitest';
import { highlighted, html, trustedHtml } from './html.js';
import { activeContent, scriptPayloads } from './inert-html.test-helper.js';
import { renderMarkdown, storedMarkdown } from './markdown.js';

describe('the html template', () => {
  it('escapes every interpolation, arrays included, and keeps nested templates', () => {
    const name = '<b>"Tom" & \'Jerry\'</b>';
    const out = html`<p title="${name}">${name}${[name, html`<i>${name}</i>`]}</p>`.value;
    expect(out).toBe(
      '<p title="&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;">' +
        '&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;'.repeat(2) +
        '<i>&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;</i></p>',
    );
    expect(html`${null}${undefined}${false}${0}`.value).toBe('0');
    expect(html`${trustedHtml('<em>x</em>')}`.value).toBe('<em>x</em>');
  });

  it('highlights matches after escaping them', () => {
    const out = highlighted('a <b>\u0002<script>\u0003 c \u0002d', '\u0002', '\u0003').value;
    expect(out).toBe('a &lt;b&gt;<mark>&lt;script&gt;</mark> c d');
  });
});

describe('the Markdown renderer', () => {
  it('renders ordinary Markdown and links safely', () => {
    expect(renderMarkdown('Hello **world**, see https://example.com')).toBe(
      '<p>Hello <strong>world</strong>, see <a href="https://example.com" rel="nofollow ugc noopener noreferrer">https://example.com</a></p>\n',
    );
    expect(renderMarkdown('# Title')).toBe('<h3>Title</h3>\n');
    expect(renderMarkdown('![logo](https://example.com/l.png)')).toContain(
      '<a href="https://example.com/l.png" rel="nofollow ugc noopener noreferrer">logo</a>',
    );
  });

  it('keeps every script payload inert, as rendered and as re-sanitised on the way out', () => {
    for (const payload of scriptPayloads) {
      const rendered = renderMarkdown(payload);
      expect(activeContent(rendered), `${payload} -> ${rendered}`).toEqual([]);
      expect(activeContent(storedMarkdown(rendered).value), payload).toEqual([]);
    }
    // A stored rendering that was tampered with (or made by an older renderer) is cleaned again.
    expect(
      activeContent(storedMarkdown('<img src=x onerror=alert(1)><script>x</script>').value),
    ).toEqual([]);
  });

  it('shows raw HTML in the source as text', () => {
    expect(renderMarkdown('<script>alert(1)</script>')).toBe(
      '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n',
    );
  });
});

describe('the inertness check itself', () => {
  it('finds active content when there is some', () => {
    expect(
      activeContent('<a href="javascript:x">a</a><img src=x onerror=y><script></script>'),
    ).toEqual(['href=javascript:x on <a>', 'onerror attribute on <img>', '<script> element']);
  });
});
