/**
 * The portal's one way to build HTML. Every interpolation is escaped unless it is itself the
 * result of `html` (or of `trustedHtml`, used only for the Markdown renderer's sanitised output),
 * so customer text can only ever become text.
 */
import { escapeHtml } from '../../platform/html.js';

const brand = Symbol('html');

export interface Html {
  readonly [brand]: true;
  readonly value: string;
}

type Interpolation = Html | string | number | boolean | null | undefined | readonly Interpolation[];

export { escapeHtml };

function isHtml(value: unknown): value is Html {
  return typeof value === 'object' && value !== null && brand in value;
}

function render(value: Interpolation): string {
  if (value === null || value === undefined || value === false) return '';
  if (isHtml(value)) return value.value;
  if (Array.isArray(value)) return value.map((item) => render(item)).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Interpolation[]): Html {
  let out = strings[0] ?? '';
  for (let index = 0; index < values.length; index += 1) {
    out += render(values[index] as Interpolation) + (strings[index + 1] ?? '');
  }
  return { [brand]: true, value: out };
}

/**
 * Marks a string as HTML. Only the Markdown renderer (markdown.ts) calls it, on the sanitiser's
 * output; anything else goes through `html`.
 */
export function trustedHtml(value: string): Html {
  return { [brand]: true, value };
}

/** Text with `[[mark]]...[[/mark]]`-style highlight markers: escaped, then the markers wrapped. */
export function highlighted(text: string, start: string, stop: string): Html {
  const parts: Html[] = [];
  let rest = text;
  for (;;) {
    const open = rest.indexOf(start);
    if (open < 0) break;
    const close = rest.indexOf(stop, open + start.length);
    if (close < 0) break;
    parts.push(html`${rest.slice(0, open)}<mark>${rest.slice(open + start.length, close)}</mark>`);
    rest = rest.slice(close + stop.length);
  }
  parts.push(html`${rest.split(start).join('').split(stop).join('')}`);
  return html`${parts}`;
}
