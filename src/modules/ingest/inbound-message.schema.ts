import { FormatRegistry, type Static, Type } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { jsonProblem } from '../../platform/input-checks.js';

/**
 * The instants a message may carry: from 1970 to the end of 2099. Anything outside is a broken
 * clock or a unit mistake (seconds for milliseconds), and far-off values cannot even be shown as a
 * date, so they are refused where they enter rather than stored to break every later read.
 */
export const earliestInstant = 0;
export const latestInstant = Date.UTC(2100, 0, 1) - 1;

/** Whether `instant` (epoch ms) lies in the range a message may carry. */
export function isSaneInstant(instant: number): boolean {
  return Number.isFinite(instant) && instant >= earliestInstant && instant <= latestInstant;
}

/**
 * The normalised inbound message: what every channel adapter, the inbound API and every importer
 * produce. One schema validates the HTTP body, JSONL imports and stored payloads alike.
 */
export const InboundMessageSchema = Type.Object(
  {
    channel: Type.String({
      pattern: '^[a-z][a-z0-9_-]{0,31}$',
      description: 'Channel slug, e.g. `twitter`, `email`, `facebook`, `whatsapp`.',
    }),
    channel_account: Type.String({
      minLength: 1,
      maxLength: 200,
      description:
        "The organisation's handle or address the message is addressed to (or sent from, when outbound).",
    }),
    external_id: Type.String({
      minLength: 1,
      maxLength: 200,
      description: 'Id of the message on its channel; (channel, external_id) is unique.',
    }),
    direction: Type.Optional(
      Type.Union([Type.Literal('inbound'), Type.Literal('outbound')], {
        description:
          '`inbound` (from a customer, the default) or `outbound` (from the organisation).',
      }),
    ),
    author: Type.Object(
      {
        handle: Type.String({ minLength: 1, maxLength: 200 }),
        name: Type.Optional(Type.String({ maxLength: 200 })),
      },
      { additionalProperties: false },
    ),
    text: Type.String({ maxLength: 20_000 }),
    created_at: Type.Union(
      [
        Type.String({ format: 'date-time', description: 'ISO 8601 date-time with offset.' }),
        Type.Integer({
          minimum: earliestInstant,
          maximum: latestInstant,
          description: 'UTC epoch milliseconds.',
        }),
      ],
      { description: 'When the message was written, at the source.' },
    ),
    in_reply_to: Type.Optional(
      Type.Union([Type.String({ minLength: 1, maxLength: 200 }), Type.Null()], {
        description: 'external_id of the message this one replies to, on the same channel.',
      }),
    ),
    raw: Type.Optional(Type.Unknown({ description: 'The source payload, kept as received.' })),
  },
  { additionalProperties: false, $id: 'InboundMessage' },
);

export type InboundMessage = Static<typeof InboundMessageSchema>;

const isoDateTime = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

if (!FormatRegistry.Has('date-time')) {
  FormatRegistry.Set(
    'date-time',
    (value) => isoDateTime.test(value) && isSaneInstant(Date.parse(value)),
  );
}

const compiled = TypeCompiler.Compile(InboundMessageSchema);

export interface FieldError {
  path: string;
  message: string;
}

/**
 * Checks a value against the schema outside Fastify (imports, stored payloads). Returns field
 * errors, empty when valid.
 */
export function validateInboundMessage(value: unknown): FieldError[] {
  const unstorable = jsonProblem(value);
  if (unstorable) return [unstorable];
  const errors: FieldError[] = [];
  for (const error of compiled.Errors(value)) {
    errors.push({ path: error.path || '/', message: error.message });
    if (errors.length >= 10) break;
  }
  // TypeBox reports one error per union branch; keep the first per path for a readable message.
  const seen = new Set<string>();
  return errors.filter((error) => {
    if (seen.has(error.path)) return false;
    seen.add(error.path);
    return true;
  });
}

export function toEpochMilliseconds(createdAt: string | number): number {
  return typeof createdAt === 'number' ? createdAt : Date.parse(createdAt);
}

/** The key handles are matched on: case-insensitive, without a leading `@`. */
export function handleKey(handle: string): string {
  return handle.trim().replace(/^@/, '').toLowerCase();
}
