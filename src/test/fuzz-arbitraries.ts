import fc from 'fast-check';
import { hostileKeys, hostileScalar, toJson } from './fuzz-hostile-values.js';
import type { JsonSchema, OpenApiParameter, Operation } from './fuzz-openapi.js';
import { fuzzValueOf, type GeneratorContext, resolved } from './fuzz-values.js';

/**
 * Request generators for the fuzz suite (`src/server/fuzz.integration.test.ts`), built from the
 * app's own OpenAPI document so a new route is fuzzed the day it is added. Every value is mostly
 * shaped like its schema (so requests get past validation and reach services, repositories and
 * presenters) and sometimes replaced by something hostile: wrong types, null, integers beyond
 * what a column holds, NUL bytes, lone surrogates, right-to-left and emoji text, impossible
 * dates, deep nesting, extra properties, arrays where a scalar is expected.
 */

export interface FuzzRequest {
  method: Operation['method'];
  url: string;
  headers: Record<string, string>;
  payload?: string;
  /** The URL cannot reach the operation (an empty, over-long or broken path parameter): the
   * router answers it before any route, so an unauthenticated 400 or 404 is right. */
  urlBroken: boolean;
}

/** Percent-encodes text as its UTF-8 bytes; a lone surrogate becomes its WTF-8 bytes (which no
 * decoder accepts), as a careless client would send it. */
export function percentEncode(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    let out = '';
    for (const character of text) {
      const code = character.codePointAt(0) as number;
      if (code >= 0xd800 && code <= 0xdfff) {
        out += [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
          .map((byte) => `%${byte.toString(16).toUpperCase()}`)
          .join('');
      } else {
        out += encodeURIComponent(character);
      }
    }
    return out;
  }
}

function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return toJson(value);
}

const brokenPathValues = ['', '%E0%A4%A', '%', 'a/b', '1'.repeat(500), '%2e%2e', '?x=1'];

function pathValue(parameter: OpenApiParameter, path: string, context: GeneratorContext) {
  const schema = resolved(parameter.schema ?? {}, context);
  const segments = path.split('/');
  const at = segments.indexOf(`{${parameter.name}}`);
  // `/teams/{id}` holds a team's id: name it `team_id` so it is drawn from the teams.
  const name = parameter.name === 'id' && at > 0 ? `${segments[at - 1]}_id` : parameter.name;
  const shaped = fuzzValueOf(schema, context, name).map(asText).map(encode);
  if (context.hostility === 0) return shaped;
  return fc.oneof(
    { weight: 12, arbitrary: shaped },
    {
      weight: 1,
      arbitrary: fc.constantFrom(...brokenPathValues).map((raw) => ({ raw, broken: true })),
    },
  );
}

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A path parameter as sent; `broken` when the router cannot match it (empty, longer than
 * Fastify's 100-character parameters, or bytes that are not UTF-8). */
function encode(text: string) {
  return {
    raw: percentEncode(text),
    broken: text === '' || text.length > 100 || loneSurrogate.test(text),
  };
}

function queryValue(parameter: OpenApiParameter, context: GeneratorContext) {
  const schema = resolved(parameter.schema ?? {}, context);
  return fuzzValueOf(schema, context, parameter.name);
}

function queryString(entries: [string, unknown][]): string {
  const parts: string[] = [];
  for (const [name, value] of entries) {
    const values = Array.isArray(value) && value.length > 0 ? value : [value];
    for (const item of values) parts.push(`${percentEncode(name)}=${percentEncode(asText(item))}`);
  }
  return parts.length > 0 ? `?${parts.join('&')}` : '';
}

/** Whole bodies no route should accept: not JSON, the wrong kind of JSON, poisoned. */
const hostileBodies = [
  'null',
  '[]',
  '"text"',
  '42',
  'true',
  '{',
  'not json',
  '{"a":1,"a":2}',
  '{"__proto__":{"admin":true}}',
  '{"constructor":{"prototype":{"admin":true}}}',
  '\ufeff{}',
  `${'['.repeat(5000)}${']'.repeat(5000)}`,
  `{"x":${'{"a":'.repeat(100)}1${'}'.repeat(100)}}`,
];

const contentTypes = [
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/x-www-form-urlencoded',
  'application/json; charset=latin1',
];

function bodyOf(schema: JsonSchema | undefined, context: GeneratorContext) {
  const shaped = schema ? fuzzValueOf(schema, context, 'body').map(toJson) : fc.constant(undefined);
  if (context.hostility === 0) return fc.tuple(shaped, fc.constant('application/json'));
  return fc.oneof(
    { weight: 16, arbitrary: fc.tuple(shaped, fc.constant('application/json')) },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.constantFrom(...hostileBodies), fc.constant('application/json')),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(
        shaped.map((body) => body ?? '{}'),
        fc.constantFrom(...contentTypes),
      ),
    },
  );
}

/**
 * Requests for `operation`: a path, a query string and (for writes) a body. Half are meant to be
 * valid (so they reach the services and store things), the rest carry a few or many hostile
 * parts: one bad field among many valid ones tests more than a request that is wrong everywhere.
 */
export function requestsFor(
  operation: Operation,
  context: GeneratorContext,
): fc.Arbitrary<FuzzRequest> {
  return fc.oneof(
    { weight: 5, arbitrary: requestsAt(operation, { ...context, hostility: 0 }) },
    {
      weight: 3,
      arbitrary: requestsAt(operation, { ...context, hostility: context.hostility / 5 }),
    },
    { weight: 2, arbitrary: requestsAt(operation, context) },
  );
}

function requestsAt(operation: Operation, context: GeneratorContext): fc.Arbitrary<FuzzRequest> {
  const path = fc.tuple(
    ...operation.pathParameters.map((parameter) =>
      pathValue(parameter, operation.path, context).map(
        (value) => [parameter.name, value] as const,
      ),
    ),
  );
  const query = fc.tuple(
    ...operation.queryParameters.map((parameter) =>
      (parameter.required
        ? queryValue(parameter, context)
        : fc.oneof(
            { weight: 2, arbitrary: fc.constant(undefined) },
            { weight: 1, arbitrary: queryValue(parameter, context) },
          )
      ).map((value) => [parameter.name, value] as [string, unknown]),
    ),
  );
  const extraQuery =
    context.hostility === 0
      ? fc.constant(undefined)
      : fc.option(fc.tuple(fc.constantFrom(...hostileKeys), hostileScalar), {
          freq: 4,
          nil: undefined,
        });
  const body =
    operation.method === 'GET' || operation.method === 'DELETE'
      ? fc.constant([undefined, undefined] as const)
      : bodyOf(operation.body, context);
  return fc
    .tuple(path, query, extraQuery, body)
    .map(([pathValues, queryValues, extra, payload]) => {
      let url = operation.path;
      let urlBroken = false;
      for (const [name, value] of pathValues) {
        url = url.replace(`{${name}}`, value.raw);
        urlBroken ||= value.broken;
      }
      const entries = queryValues.filter(([, value]) => value !== undefined);
      if (extra) entries.push([extra[0], extra[1]]);
      const [text, contentType] = payload;
      const headers: Record<string, string> =
        text !== undefined && contentType ? { 'content-type': contentType } : {};
      return {
        method: operation.method,
        url: `${url}${queryString(entries)}`,
        headers,
        ...(text !== undefined ? { payload: text } : {}),
        urlBroken,
      };
    });
}

/** A seed of its own for each operation, so adding a route does not change the others' runs. */
export function seedFor(base: number, operation: Operation): number {
  let hash = base | 0;
  for (const character of `${operation.method} ${operation.path}`) {
    hash = Math.imul(hash ^ (character.codePointAt(0) as number), 0x01000193);
  }
  return hash | 0;
}
