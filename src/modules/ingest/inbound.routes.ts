import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { errorResponses, principalOf } from '../../server/route-types.js';
import { InboundMessageSchema } from './inbound-message.schema.js';
import { acceptInbound } from './ingest.service.js';

export const maxBatch = 1000;

const InboundBody = Type.Union([
  Type.Ref(InboundMessageSchema),
  Type.Object(
    { messages: Type.Array(Type.Ref(InboundMessageSchema), { minItems: 1, maxItems: maxBatch }) },
    { additionalProperties: false },
  ),
]);

const AcceptedSchema = Type.Object({
  accepted: Type.Integer(),
  duplicates: Type.Integer(),
  results: Type.Array(
    Type.Object({
      external_id: Type.String(),
      status: Type.Union([Type.Literal('accepted'), Type.Literal('duplicate')]),
    }),
  ),
});

export function registerInboundRoutes(base: FastifyInstance, context: AppContext): void {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  app.post(
    '/api/v1/inbound',
    {
      config: { permission: 'inbound:write' },
      schema: {
        tags: ['ingest'],
        summary: 'Deliver one message, or a batch of up to 1,000, from a channel',
        description:
          'Answers 202 once the messages are stored durably; processing (contact, threading) follows ' +
          'within moments. A message already received (same channel and external_id) is reported as ' +
          'a duplicate and creates nothing, so deliveries can be retried safely.',
        body: InboundBody,
        response: { 202: AcceptedSchema, ...errorResponses, 413: errorResponses[400] },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const body = request.body as { messages?: unknown[] };
      const messages = (Array.isArray(body.messages) ? body.messages : [body]) as Parameters<
        typeof acceptInbound
      >[2];
      const result = await acceptInbound(
        context.database,
        principal.organisationId,
        messages,
        principal.kind === 'token'
          ? `api:token:${principal.tokenId}`
          : `api:user:${principal.userId}`,
      );
      return reply.status(202).send(result);
    },
  );
}
