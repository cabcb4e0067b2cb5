import fc from 'fast-check';

/**
 * Values no route should accept where it expects a well-formed one: wrong types, null, integers
 * beyond what a column holds, NUL bytes, lone surrogates, right-to-left and emoji text,
 * impossible dates, deep nesting.
 */

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

export const hostileTexts = [
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

export const hostileKeys = [
  'extra',
  '__proto__x',
  'constructor',
  'a\u0000b',
  '\ud800',
  '',
  'id',
  '💥',
];

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

export function nested(depth: number, _leaf: unknown, asObject: boolean): DeepJson {
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

export const hostileScalar: fc.Arbitrary<unknown> = fc.oneof(
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
