import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';
import { type Html, trustedHtml } from './html.js';

/**
 * The portal's one Markdown renderer. Raw HTML in the source is off (it comes out as text), and
 * the rendered HTML still goes through a sanitiser with a short allow-list, so a renderer bug or
 * a trick link cannot bring script into a page: no event attributes, no `style`, links only to
 * http(s) and mailto, and images become links (a customer's image would load from anywhere and
 * could track readers).
 */
const renderer = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: true });

const sanitiserOptions: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'strong',
    'em',
    'del',
    's',
    'code',
    'pre',
    'blockquote',
    'ul',
    'ol',
    'li',
    'a',
    'h3',
    'h4',
    'h5',
    'h6',
    'hr',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
  ],
  allowedAttributes: { a: ['href', 'rel'], ol: ['start'], th: ['align'], td: ['align'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'escape',
  transformTags: {
    // Headings inside a post stay below the page's own h1/h2.
    h1: 'h3',
    h2: 'h3',
    a: (_tagName, attributes) => ({
      tagName: 'a',
      attribs: {
        ...(attributes.href ? { href: attributes.href } : {}),
        rel: 'nofollow ugc noopener noreferrer',
      },
    }),
    img: (_tagName, attributes) => ({
      tagName: 'a',
      attribs: {
        ...(attributes.src ? { href: attributes.src } : {}),
        rel: 'nofollow ugc noopener noreferrer',
      },
      text: attributes.alt || attributes.src || 'image',
    }),
  },
};

/** Markdown source to sanitised HTML, as stored in a post's cached rendering. */
export function renderMarkdown(source: string): string {
  return sanitizeHtml(renderer.render(source), sanitiserOptions);
}

/** A stored rendering (made by `renderMarkdown`) for the templates; sanitised again on the way out. */
export function storedMarkdown(rendered: string): Html {
  return trustedHtml(sanitizeHtml(rendered, sanitiserOptions));
}
