import type { FieldProblem } from './errors.js';

/**
 * The checks every value from outside passes where it enters (HTTP bodies, query strings and
 * paths in server/input-guard.ts; each inbound message from the API, an importer or a channel):
 * no string (key or value) with a NUL character or an unpaired UTF-16 surrogate (PostgreSQL
 * rejects both, and they break every later read), no nesting deeper than `maxJsonDepth`, and no
 * integer beyond what a number holds exactly (2^53), which no id, count or instant can be.
 */
export const maxJsonDepth = 32;

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a string cannot be stored, or null when it can. */
export function textProblem(value: string): string | null {
  if (value.includes('\u0000')) return 'must not contain NUL characters';
  if (loneSurrogate.test(value)) return 'must be valid Unicode (an unpaired surrogate)';
  return null;
}

const numeric = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const unsafeInteger = 'must be an integer between -(2^53 - 1) and 2^53 - 1';

/** Integers no id, count or instant can be: beyond what a number holds exactly. */
function isUnsafeInteger(value: number): boolean {
  return Number.isInteger(value) && !Number.isSafeInteger(value);
}

/**
 * The first problem in a parsed JSON value (walks keys and values), or null. `fromText`: the
 * values are query or path text, which the route schema may read as numbers.
 */
export function jsonProblem(
  value: unknown,
  at = '',
  depth = 0,
  fromText = false,
): FieldProblem | null {
  if (typeof value === 'number' && isUnsafeInteger(value)) {
    return { path: at || '/', message: unsafeInteger };
  }
  if (typeof value === 'number' && !Number.isFinite(value)) {
    return { path: at || '/', message: 'must be a finite number' };
  }
  if (typeof value === 'string') {
    const problem =
      textProblem(value) ??
      (fromText && numeric.test(value.trim()) && isUnsafeInteger(Number(value))
        ? unsafeInteger
        : null);
    return problem ? { path: at || '/', message: problem } : null;
  }
  if (value === null || typeof value !== 'object') return null;
  if (depth >= maxJsonDepth) {
    return { path: at || '/', message: `must not be nested more than ${maxJsonDepth} levels deep` };
  }
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const problem = jsonProblem(item, `${at}/${index}`, depth + 1, fromText);
      if (problem) return problem;
    }
    return null;
  }
  for (const [key, item] of Object.entries(value)) {
    const keyProblem = textProblem(key);
    if (keyProblem)
      return { path: `${at}/${key.replace(/[^\x20-\x7e]/g, '?')}`, message: `key ${keyProblem}` };
    const problem = jsonProblem(item, `${at}/${key}`, depth + 1, fromText);
    if (problem) return problem;
  }
  return null;
}
