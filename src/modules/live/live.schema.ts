import { type Static, type TSchema, Type } from '@sinclair/typebox';

/**
 * What the live stream (GET /api/v1/live) sends, as a schema: it is published in the OpenAPI
 * document's components (`LiveEvent`), so the web app's types for the stream come from the same
 * place as those of every other answer, and the server's own type is derived from it.
 */

const event = <Name extends string, Fields extends Record<string, TSchema>>(
  type: Name,
  fields: Fields,
) => Type.Object({ type: Type.Literal(type), ...fields });

const ids = {
  organisationId: Type.Integer(),
  conversationId: Type.Integer(),
};
const slaMetric = Type.Union([
  Type.Literal('first_response'),
  Type.Literal('next_response'),
  Type.Literal('resolution'),
]);

export const ViewerSchema = Type.Object({
  user_id: Type.Integer(),
  name: Type.String(),
  state: Type.Union([Type.Literal('viewing'), Type.Literal('typing')]),
});

export const ViewerListSchema = Type.Object({ viewers: Type.Array(ViewerSchema) });

/** The domain events of platform/events.ts, as they reach browsers (live.schema.test.ts keeps the two equal). */
const DomainEventSchema = Type.Union([
  event('message.created', {
    ...ids,
    messageId: Type.Integer(),
    direction: Type.Union([Type.Literal('inbound'), Type.Literal('outbound')]),
  }),
  event('note.created', { ...ids, messageId: Type.Integer() }),
  event('conversation.created', ids),
  event('conversation.updated', { ...ids, changes: Type.Array(Type.String()) }),
  event('conversation.merged', { ...ids, mergedIds: Type.Array(Type.Integer()) }),
  event('agent.availability_changed', {
    organisationId: Type.Integer(),
    userId: Type.Integer(),
    availability: Type.Union([
      Type.Literal('available'),
      Type.Literal('away'),
      Type.Literal('offline'),
    ]),
  }),
  event('sla.warning', { ...ids, metric: slaMetric, dueAt: Type.Number() }),
  event('sla.breached', { ...ids, metric: slaMetric, dueAt: Type.Number() }),
  event('alert.opened', { organisationId: Type.Integer(), alertId: Type.Integer() }),
  event('alert.updated', {
    organisationId: Type.Integer(),
    alertId: Type.Integer(),
    status: Type.Union([
      Type.Literal('open'),
      Type.Literal('acknowledged'),
      Type.Literal('resolved'),
    ]),
  }),
  event('decision.changed', {
    organisationId: Type.Integer(),
    decisionId: Type.Integer(),
    kind: Type.String(),
    published: Type.Boolean(),
  }),
]);

export const LiveEventSchema = Type.Union(
  [
    event('ready', {}),
    event('presence', { conversationId: Type.Integer(), viewers: Type.Array(ViewerSchema) }),
    ...DomainEventSchema.anyOf,
  ],
  {
    $id: 'LiveEvent',
    description: 'One event of GET /api/v1/live: the JSON of a `data:` line, told apart by `type`.',
  },
);

/** What a browser receives on the stream. */
export type ClientEvent = Static<typeof LiveEventSchema>;
