import { type TSchema, Type } from '@sinclair/typebox';
import { webhookEventTypes } from './webhook-events.js';

/** The webhook routes' request and response schemas (OpenAPI and the web contract come from them). */
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const WebhookEventTypeSchema = Type.String({
  enum: [...webhookEventTypes],
  description: 'A webhook event type (see docs/webhooks.md).',
});

export const WebhookSchema = Type.Object({
  id: Type.Integer(),
  name: Nullable(Type.String()),
  url: Type.String(),
  events: Type.Array(Type.String()),
  enabled: Type.Boolean(),
  consecutive_failures: Type.Integer(),
  disabled_reason: Nullable(Type.String({ description: 'Why it is off (shown to admins).' })),
  created_at: Type.String(),
  updated_at: Type.String(),
});

export const WebhookListSchema = Type.Object({
  data: Type.Array(WebhookSchema),
  event_types: Type.Array(Type.String()),
});

const Url = Type.String({ minLength: 8, maxLength: 2000 });
const Name = Type.String({ minLength: 1, maxLength: 100 });
const Events = Type.Array(WebhookEventTypeSchema, { minItems: 1, maxItems: 20, uniqueItems: true });

export const CreateWebhookBody = Type.Object(
  {
    url: Url,
    name: Type.Optional(Name),
    events: Events,
    secret: Type.Optional(
      Type.String({ minLength: 16, maxLength: 200, description: 'Generated when left out.' }),
    ),
  },
  { additionalProperties: false },
);

export const UpdateWebhookBody = Type.Object(
  {
    url: Type.Optional(Url),
    name: Type.Optional(Nullable(Name)),
    events: Type.Optional(Events),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const CreatedWebhookSchema = Type.Object({
  ...WebhookSchema.properties,
  secret: Type.String({ description: 'Shown this once; receivers verify signatures with it.' }),
});

export const TestDeliverySchema = Type.Object({ delivery_id: Type.Integer() });

export const DeliveryLogQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
  },
  { additionalProperties: false },
);

export const DeliveryLogSchema = Type.Object({
  data: Type.Array(
    Type.Object({
      id: Type.Integer(),
      delivery_id: Type.Integer(),
      event_id: Type.String(),
      event_type: Type.String(),
      delivery_status: Type.String({ description: 'pending, delivered, dead or cancelled.' }),
      attempt: Type.Integer(),
      outcome: Type.String({ description: 'delivered, retry or dead.' }),
      response_status: Nullable(Type.Integer()),
      duration_ms: Type.Integer(),
      error: Nullable(Type.String()),
      retry_at: Nullable(Type.String()),
      created_at: Type.String(),
    }),
  ),
  next_offset: Nullable(Type.Integer()),
});

export const NoContent = Type.Null();
