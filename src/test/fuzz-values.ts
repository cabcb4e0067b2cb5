import fc from 'fast-check';
import {
  hostileDates,
  hostileKeys,
  hostileScalar,
  hostileTexts,
  hostileValue,
  nested,
  toJson,
} from './fuzz-hostile-values.js';
import type { JsonSchema } from './fuzz-openapi.js';

/** Values shaped like a schema, each part of which may be replaced by a hostile one. */

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

export function resolved(schema: JsonSchema, context: GeneratorContext): JsonSchema {
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
    choices.push(patternedString(schema.pattern, schema));
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

/**
 * Strings of a pattern within the schema's lengths. A pattern that is one repeated character
 * class (`^[A-Za-z0-9_-]+$`) is generated at the right length directly: filtering short random
 * matches for a minimum length of 16 would almost never succeed and the generator would spin.
 */
function patternedString(
  pattern: string,
  schema: { minLength?: number | undefined; maxLength?: number | undefined },
): fc.Arbitrary<string> {
  const repeated = /^\^(\[[^\]]+\])[+*]\$$/.exec(pattern);
  if (repeated) {
    const minimum = Math.max(schema.minLength ?? 0, pattern.endsWith('+$') ? 1 : 0);
    const maximum = Math.max(minimum, Math.min(schema.maxLength ?? minimum + 40, minimum + 40));
    return fc.stringMatching(new RegExp(`^${repeated[1]}{${minimum},${maximum}}$`));
  }
  return fc.stringMatching(new RegExp(pattern)).filter((value) => fitsLength(value, schema));
}
