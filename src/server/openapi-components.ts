import { isDeepStrictEqual } from 'node:util';

type OpenApiObject = {
  paths?: Record<string, Record<string, { responses?: Record<string, unknown> }>>;
  components?: { responses?: Record<string, unknown> } & Record<string, unknown>;
};

const errorResponseName = 'Error';

/** What Fastify's swagger writes for every `Type.Ref(ErrorEnvelopeSchema)` error response. */
const inlineErrorResponse = {
  description: 'Default Response',
  content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorEnvelope' } } },
};

/**
 * Every route answers its errors in the one envelope, so the document names that response once
 * (`#/components/responses/Error`) and each operation refers to it, instead of repeating the
 * same response object some 400 times (and the generated web contract with it).
 */
export function shareErrorResponses<T extends object>(openapiObject: T): T {
  const document = openapiObject as OpenApiObject;
  let shared = false;
  for (const operations of Object.values(document.paths ?? {})) {
    for (const operation of Object.values(operations)) {
      const responses = operation?.responses;
      if (!responses) continue;
      for (const [status, response] of Object.entries(responses)) {
        if (!isDeepStrictEqual(response, inlineErrorResponse)) continue;
        responses[status] = { $ref: `#/components/responses/${errorResponseName}` };
        shared = true;
      }
    }
  }
  if (shared) {
    document.components = {
      ...document.components,
      responses: {
        ...document.components?.responses,
        [errorResponseName]: {
          description:
            'An error, in the one envelope: `{ "error": { "code", "message", "fields"? } }`',
          content: inlineErrorResponse.content,
        },
      },
    };
  }
  return openapiObject;
}
