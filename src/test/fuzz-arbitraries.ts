import fc from 'fast-check';

/**
 * Request generators for the fuzz suite (`src/server/fuzz.integration.test.ts`), built from the
 * app's own OpenAPI document so a new route is fuzzed the day it is added. Every value is mostly
 * shaped like its schema (so requests get past validation and reach services, repositories and
 * presenters) and sometimes replaced by something hostile: wrong types, null, integers beyond
 * what a column holds, NUL bytes, lone surrogates, right-to-left and emoji text, impossible
 * dates, deep nesting, extra properties, arrays where a scalar is expected.
 */

export type JsonSchema = Record<string, unknown> & {
  type?: string | string[];
  $ref?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  format?: string;
  additionalProperties?: boolean | JsonSchema;
};

export interface OpenApiParameter {
  in: 'path' | 'query' | 'header' | 'cookie';
  name: string;
  required?: boolean;
  schema?: JsonSchema;
}

export interface OpenApiOperation {
  parameters?: OpenApiParameter[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
  security?: unknown[];
  summary?: string;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

/** One operation of the document, as the fuzzer needs it. */
export interface Operation {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** OpenAPI path, e.g. `/api/v1/conversations/{id}`. */
  path: string;
  pathParameters: OpenApiParameter[];
  queryParameters: OpenApiParameter[];
  body: JsonSchema | undefined;
  /** The operation says it needs no authentication (`security: []`). */
  public: boolean;
}

const methods = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** Every operation of the document, reads first and deletes last (so deletes do not empty the
 * data the other routes are fuzzed against). */
export function operationsOf(document: OpenApiDocument): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of methods) {
      const operation = item[method];
      if (!operation) continue;
      const parameters = operation.parameters ?? [];
      operations.push({
        method: method.toUpperCase() as Operation['method'],
        path,
        pathParameters: parameters.filter((parameter) => parameter.in === 'path'),
        queryParameters: parameters.filter((parameter) => parameter.in === 'query'),
        body: operation.requestBody?.content?.['application/json']?.schema,
        public: Array.isArray(operation.security) && operation.security.length === 0,
      });
    }
  }
  const order = (operation: Operation) => methods.indexOf(operation.method.toLowerCase() as never);
  return operations.sort((a, b) => order(a) - order(b));
}

// ---------------------------------------------------------------------------------------------
// Hostile values

/** Integers no id, count or instant should be, and the strings that spell them. */
const hostileNumbers: unknown[] = [
  0,
  -1,
  -2147483649,
  2147483648,
  4294967296,
  Number.MAX_SAFE_INTEGER,
  -Number.MAX_SAFE_INTEGER,
  2 ** 53,
  1e30,
  -1e30,
  1.5,
  8640000000000001,
  -8640000000000001,
  1e20,
];

const hostileNumericStrings = [
  '9223372036854775808',
  '-9223372036854775809',
  '18446744073709551616',
  '99999999999999999999',
  '1e30',
  '1e308',
  '-0',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e400',
  '0x10',
  '١٢٣',
  '2147483648',
  '9007199254740993',
];

/** Dates that do not exist, or lie beyond what a JavaScript Date can hold. */
export const hostileDates = [
  '0000-00-00',
  '9999-99-99',
  '8640000000000001',
  '-8640000000000001',
  '2026-02-30',
  '2026-13-01T00:00:00Z',
  '2026-01-01T24:00:00Z',
  '1970-01-01T00:00:00+99:99',
  '+275760-09-13T00:00:00.001Z',
  '-271821-04-19T00:00:00.000Z',
  '0000-01-01T00:00:00Z',
  '9999-12-31T23:59:59.999Z',
  '2026-01-01',
  'yesterday',
];

const hostileTexts = [
  '',
  ' ',
  '\t\n',
  'a\u0000b',
  '\u0000',
  '\ud800',
  'x\udc00y',
  '\udbff\udbff',
  '\u202eevil\u202c',
  'مرحبا بكم في الدعم',
  'שלום עולם',
  '👩‍👩‍👧‍👦🔥💩',
  'e\u0301\u0301\u0301\u0301\u0301',
  '\ufeff',
  '\u2028\u2029',
  "' OR 1=1 --",
  '"; DROP TABLE messages; --',
  '<script>alert(1)</script>',
  '=HYPERLINK("http://127.0.0.1/x")',
  '../../../../etc/passwd',
  '%s%n%x',
  '{{constructor.constructor("return process")()}}',
  '$'.concat('{7*7}'),
  '__proto__',
  'constructor',
  '\\',
  '%',
  'x'.repeat(201),
  'x'.repeat(10_001),
  'ü'.repeat(70_000),
];

const hostileKeys = ['extra', '__proto__x', 'constructor', 'a\u0000b', '\ud800', '', 'id', '💥'];

/**
 * JSON nested `depth` deep, kept as text: thousands of levels would overflow the stack of
 * JSON.stringify (and of fast-check's reporting) in the test before the server ever saw them.
 */
export class DeepJson {
  constructor(
    readonly depth: number,
    readonly asObject: boolean,
  ) {}
  toText(): string {
    return this.asObject
      ? `${'{"a":'.repeat(this.depth)}"deep"${'}'.repeat(this.depth)}`
      : `${'['.repeat(this.depth)}"deep"${']'.repeat(this.depth)}`;
  }
  toString(): string {
    return `DeepJson(${this.depth}, ${this.asObject ? 'objects' : 'arrays'})`;
  }
}

function nested(depth: number, _leaf: unknown, asObject: boolean): DeepJson {
  return new DeepJson(depth, asObject);
}

/** JSON text of a generated value (DeepJson kept as its text). */
export function toJson(value: unknown): string {
  if (value instanceof DeepJson) return value.toText();
  if (Array.isArray(value)) return `[${value.map(toJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const members = Object.entries(value).map(
      ([key, item]) => `${JSON.stringify(key)}:${toJson(item)}`,
    );
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const hostileScalar: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.constantFrom(...hostileNumbers),
  fc.constantFrom(...hostileNumericStrings),
  fc.constantFrom(...hostileDates),
  fc.constantFrom(...hostileTexts),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
);

/** Something hostile to put where a value of `schema` belongs. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: hostileScalar },
  { weight: 1, arbitrary: fc.constant([]) },
  { weight: 1, arbitrary: fc.array(hostileScalar, { minLength: 1, maxLength: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.constantFrom(...hostileKeys), hostileScalar) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.oneof(fc.integer({ min: 2, max: 40 }), fc.constant(5000)), fc.boolean())
      .map(([depth, asObject]) => nested(depth, 'deep', asObject)),
  },
);

// ---------------------------------------------------------------------------------------------
// Schema-shaped values

export interface GeneratorContext {
  /** Resolves `#/components/schemas/Name`. */
  resolve(reference: string): JsonSchema;
  /** Ids of rows that exist of a kind of thing (`team`, `conversation`, ...; see `thingOf`), so
   * path and body ids often point at something real. */
  idsOf(thing: string): readonly number[];
  /** Share of values replaced by a hostile one (0..1). */
  hostility: number;
}

const timezones = [
  'UTC',
  'Europe/Berlin',
  'America/New_York',
  'Asia/Kolkata',
  'Pacific/Chatham',
  'Australia/Lord_Howe',
  'Etc/GMT+12',
];
const badTimezones = ['Not/AZone', 'utc', '+05:30', 'Etc/GMT+12'];

const urls = [
  'https://hooks.example.invalid/alert',
  'http://127.0.0.1:9/hook',
  'http://localhost:9/hook',
  'http://[::1]:9/',
  'http://169.254.169.254/latest/meta-data/',
  'http://10.0.0.1/',
  'file:///etc/passwd',
  'javascript:alert(1)',
  'not a url',
];

const isoDate = fc
  .date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z') })
  .filter((date) => !Number.isNaN(date.getTime()))
  .map((date) => date.toISOString());

/** Dates mostly real; impossible ones more often when the request is meant to be hostile. */
function dateLike(context: GeneratorContext, name: string): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: name === 'date' || name.endsWith('_date') ? 0 : 3, arbitrary: isoDate },
    { weight: 3, arbitrary: isoDate.map((iso) => iso.slice(0, 10)) },
    // Impossible dates are schema-valid strings: they are what breaks presenters and jobs later.
    { weight: context.hostility === 0 ? 2 : 4, arbitrary: fc.constantFrom(...hostileDates) },
  );
}

/** An iCalendar text with one event whose date may be impossible. */
const icsText = fc
  .tuple(
    fc.constantFrom('20260101', '20261225', '00000000', '99999999', '20260230', '2026-01-01', ''),
    fc.oneof(fc.constantFrom(...hostileTexts), fc.string({ maxLength: 20 })),
  )
  .map(([date, summary]) =>
    [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'BEGIN:VEVENT',
      `DTSTART;VALUE=DATE:${date}`,
      `SUMMARY:${summary}`,
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n'),
  );

const isDateName = (name: string) =>
  /^(from|to|since|until|before|after|date|day)$/.test(name) || /_(at|date)$/.test(name);
const isIdName = (name: string) => name === 'id' || /_ids?$/.test(name) || name === 'userId';

const aliases: Record<string, string> = { member: 'user', agent: 'user', assignee: 'user' };

/** The kind of thing a collection segment (`canned-replies`) or an id field (`team_id`,
 * `label_ids`, `userId`) names: `canned_reply`, `team`, `label`, `user`. */
export function thingOf(name: string): string {
  const base = name
    .replace(/Id$/, '')
    .replace(/_ids?$/, '')
    .replace(/-/g, '_')
    .replace(/ies$/, 'y')
    .replace(/([^s])s$/, '$1');
  return aliases[base] ?? base;
}

function idChoices(name: string, context: GeneratorContext): readonly number[] {
  return context.idsOf(thingOf(name));
}

function resolved(schema: JsonSchema, context: GeneratorContext): JsonSchema {
  return schema.$ref ? context.resolve(schema.$ref) : schema;
}

function fitsLength(value: string, schema: JsonSchema): boolean {
  return (
    value.length >= (schema.minLength ?? 0) &&
    value.length <= (schema.maxLength ?? Number.POSITIVE_INFINITY)
  );
}

function stringOf(schema: JsonSchema, name: string, context: GeneratorContext) {
  const minLength = schema.minLength ?? 0;
  const maxLength = Math.min(schema.maxLength ?? 60, 60);
  const plain = fc.oneof(
    { weight: 3, arbitrary: fc.string({ minLength, maxLength: Math.max(minLength, maxLength) }) },
    {
      weight: 1,
      arbitrary: fc.string({
        unit: 'grapheme',
        minLength,
        maxLength: Math.max(minLength, maxLength),
      }),
    },
  );
  const choices: fc.Arbitrary<string>[] = [];
  if (name === 'start' || name === 'end') {
    choices.push(
      fc
        // Starts on the quarter, ends just before one: never equal, never an end of 00:00.
        .tuple(
          fc.integer({ min: 0, max: 23 }),
          fc.constantFrom(...(name === 'start' ? [0, 15, 30, 45] : [14, 29, 44, 59])),
        )
        .map(
          ([hour, minute]) => `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`,
        ),
    );
  } else if (schema.pattern) {
    choices.push(
      fc.stringMatching(new RegExp(schema.pattern)).filter((value) => fitsLength(value, schema)),
    );
  } else if (schema.format === 'email' || name === 'email') {
    choices.push(fc.emailAddress().filter((value) => fitsLength(value, schema)));
  } else if (schema.format === 'date-time' || schema.format === 'date' || isDateName(name)) {
    choices.push(dateLike(context, name));
  } else if (name === 'timezone' || name === 'tz') {
    choices.push(
      fc.oneof(
        { weight: 6, arbitrary: fc.constantFrom(...timezones) },
        { weight: 1, arbitrary: fc.constantFrom(...badTimezones) },
      ),
    );
  } else if (name === 'url') {
    choices.push(fc.constantFrom(...urls));
  } else if (name === 'ics') {
    choices.push(icsText);
  } else if (isIdName(name) && idChoices(name, context).length > 0) {
    choices.push(fc.constantFrom(...idChoices(name, context)).map(String));
  }
  // Free text stays possible where a shape is expected, but rarer than the shape, and only in
  // the hostile requests (a valid calendar has thirty times in it: one bad one spoils it).
  if (choices.length === 0) return plain;
  if (context.hostility === 0) return fc.oneof(...choices);
  return fc.oneof(...choices.map((arbitrary) => ({ weight: 4, arbitrary })), {
    weight: 1,
    arbitrary: plain,
  });
}

function integerOf(schema: JsonSchema, name: string, context: GeneratorContext) {
  const minimum = schema.minimum ?? (schema.exclusiveMinimum ?? -1001) + 1;
  const maximum = schema.maximum ?? (schema.exclusiveMaximum ?? 100_001) - 1;
  const ranged = fc.integer({
    min: Math.max(minimum, -1_000_000),
    max: Math.max(Math.max(minimum, -1_000_000), Math.min(maximum, 1_000_000)),
  });
  const edges = fc.constantFrom(
    ...[minimum, maximum].filter((value) => Number.isSafeInteger(value)),
    ...(Number.isSafeInteger(minimum) ? [minimum] : []),
  );
  const choices: { weight: number; arbitrary: fc.Arbitrary<number> }[] = [
    { weight: 3, arbitrary: ranged },
    { weight: 1, arbitrary: edges },
  ];
  if (isIdName(name) && idChoices(name, context).length > 0) {
    choices.push({ weight: 8, arbitrary: fc.constantFrom(...idChoices(name, context)) });
  }
  if (isDateName(name)) {
    choices.push({
      weight: 6,
      arbitrary: fc.constantFrom(
        0,
        Date.UTC(2026, 0, 1),
        8640000000000000,
        8640000000000001,
        -8640000000000001,
        253402300800000,
      ),
    });
  }
  return fc.oneof(...choices);
}

/** A value shaped like `schema`, whose parts may each be hostile. */
export function fuzzValueOf(
  schema: JsonSchema,
  context: GeneratorContext,
  name = '',
  depth = 0,
): fc.Arbitrary<unknown> {
  const shaped = shapedValueOf(resolved(schema, context), context, name, depth);
  const hostileWeight = Math.round(context.hostility * 100);
  if (hostileWeight === 0) return shaped;
  return fc.oneof(
    { weight: 100 - hostileWeight, arbitrary: shaped },
    { weight: hostileWeight, arbitrary: hostileValue },
  );
}

function shapedValueOf(
  schema: JsonSchema,
  context: GeneratorContext,
  name: string,
  depth: number,
): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) {
    return fc.oneof(
      ...alternatives.map((alternative) => fuzzValueOf(alternative, context, name, depth + 1)),
    );
  }
  if (schema.allOf && schema.allOf.length > 0) {
    return fuzzValueOf(schema.allOf[0] as JsonSchema, context, name, depth + 1);
  }
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      return stringOf(schema, name, context);
    case 'integer':
      return integerOf(schema, name, context);
    case 'number':
      return fc.double({
        min: schema.minimum ?? -1e6,
        max: schema.maximum ?? 1e6,
        noNaN: true,
        noDefaultInfinity: true,
      });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return arrayOf(schema, context, name, depth);
    case 'object':
      return objectOf(schema, context, depth);
    default:
      // No schema (free-form JSON such as a message's `raw` payload).
      if (context.hostility === 0) return fc.jsonValue({ maxDepth: 3 });
      return fc.oneof(
        fc.jsonValue({ maxDepth: 3 }),
        hostileValue,
        fc.integer({ min: 2, max: 60 }).map((level) => nested(level, 1, level % 2 === 0)),
      );
  }
}

function arrayOf(schema: JsonSchema, context: GeneratorContext, name: string, depth: number) {
  const items = schema.items ?? {};
  const minLength = schema.minItems ?? 0;
  const maxLength = Math.max(minLength, Math.min(schema.maxItems ?? 5, 5));
  const itemName = name.endsWith('_ids') ? name.slice(0, -1) : name;
  const list = fc.array(fuzzValueOf(items, context, itemName, depth + 1), { minLength, maxLength });
  return schema.uniqueItems
    ? list.map((values) => [...new Map(values.map((v) => [toJson(v), v])).values()])
    : list;
}

function objectOf(schema: JsonSchema, context: GeneratorContext, depth: number) {
  const properties = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  const shape = Object.fromEntries(
    Object.entries(properties).map(([key, property]) => [
      key,
      fuzzValueOf(property, context, key, depth + 1),
    ]),
  );
  const record = fc.record(shape, {
    requiredKeys: Object.keys(properties).filter((key) => required.has(key)),
  }) as fc.Arbitrary<Record<string, unknown>>;
  if (depth > 6 || context.hostility === 0) return record;
  return fc.oneof(
    { weight: 8, arbitrary: record },
    {
      // An extra property the schema does not know.
      weight: 1,
      arbitrary: fc
        .tuple(record, fc.constantFrom(...hostileKeys), hostileScalar)
        .map(([value, key, extra]) => ({ ...value, [key]: extra })),
    },
    {
      // A required property missing.
      weight: 1,
      arbitrary: fc.tuple(record, fc.nat()).map(([value, index]) => {
        const keys = Object.keys(value);
        if (keys.length === 0) return value;
        const { [keys[index % keys.length] as string]: _dropped, ...rest } = value;
        return rest;
      }),
    },
  );
}

// ---------------------------------------------------------------------------------------------
// Requests

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
