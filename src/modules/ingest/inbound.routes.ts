import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { errorResponses, principalOf } from '../../server/route-types.js';
import { AcceptedSchema, InboundBody } from './ingest.schema.js';
import { acceptCandidates } from './ingest.service.js';

export function registerInboundRoutes(base: FastifyInstance, context: AppContext): void {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  app.post(
    '/api/v1/inbound',
    {
      config: { permission: 'inbound:write', checksItemsOf: 'messages' },
      schema: {
        tags: ['ingest'],
        summary: 'Deliver one message, or a batch of up to 1,000, from a channel',
        description:
          'Answers 202 once the messages are stored durably; processing (contact, threading) follows ' +
          'within moments. A message already received (same channel and external_id) is reported as ' +
          'a duplicate and creates nothing, so deliveries can be retried safely. In a batch each ' +
          'message is checked on its own: an invalid one is reported `rejected` with its errors and ' +
          'the others are stored; when every message is rejected the answer is 400.',
        body: InboundBody,
        response: { 202: AcceptedSchema, ...errorResponses, 413: errorResponses[400] },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const body: unknown = request.body;
      const messages =
        typeof body === 'object' && body !== null && 'messages' in body ? body.messages : null;
      const batch = Array.isArray(messages);
      const candidates: unknown[] = Array.isArray(messages) ? messages : [body];
      const result = await acceptCandidates(
        context.database,
        principal.organisationId,
        candidates,
        principal.kind === 'token'
          ? `api:token:${principal.tokenId}`
          : `api:user:${principal.userId}`,
      );
      if (result.rejected === candidates.length) {
        throw new AppError(
          'validation_failed',
          batch ? 'every message was rejected' : 'the message is not valid',
          result.results.flatMap((entry) =>
            (entry.errors ?? []).map((error) => ({
              path: `body${batch ? `/messages/${entry.index}` : ''}${error.path === '/' ? '' : error.path}`,
              message: error.message,
            })),
          ),
        );
      }
      return reply.status(202).send(result);
    },
  );
}
