import { Type } from '@sinclair/typebox';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type ErrorCode, errorStatusOf, type FieldProblem } from '../platform/errors.js';

/** Every error response has this one shape. */
export const ErrorEnvelopeSchema = Type.Object(
  {
    error: Type.Object({
      code: Type.String(),
      message: Type.String(),
      fields: Type.Optional(
        Type.Array(Type.Object({ path: Type.String(), message: Type.String() })),
      ),
    }),
  },
  { $id: 'ErrorEnvelope' },
);

export function envelope(code: ErrorCode | string, message: string, fields?: FieldProblem[]) {
  return { error: { code, message, ...(fields && fields.length > 0 ? { fields } : {}) } };
}

/**
 * The one mapper from errors to HTTP responses: service errors by their code, Fastify's own
 * (validation, body too large, bad JSON) by their status; anything else is a 500 whose details
 * stay in the log.
 */
export function handleError(
  error: FastifyError | AppError | Error,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  if (error instanceof AppError) {
    return reply
      .status(errorStatusOf(error.code))
      .send(envelope(error.code, error.message, error.fields));
  }
  const fastifyError = error as FastifyError;
  if (fastifyError.validation) {
    const fields = fastifyError.validation.map((issue) => ({
      path: `${fastifyError.validationContext ?? 'body'}${issue.instancePath || ''}${
        issue.keyword === 'required'
          ? `/${String((issue.params as { missingProperty?: string }).missingProperty)}`
          : ''
      }${issue.keyword === 'additionalProperties' ? `/${String((issue.params as { additionalProperty?: string }).additionalProperty)}` : ''}`,
      message: issue.message ?? 'invalid',
    }));
    return reply
      .status(400)
      .send(envelope('validation_failed', 'the request is not valid', fields));
  }
  const status = fastifyError.statusCode ?? 500;
  if (status === 413) {
    return reply.status(413).send(envelope('payload_too_large', 'the request body is too large'));
  }
  if (status >= 400 && status < 500) {
    return reply.status(status).send(envelope(statusCode(status), fastifyError.message));
  }
  request.log.error({ err: error }, 'unhandled error');
  return reply.status(500).send(envelope('internal', 'something went wrong on our side'));
}

function statusCode(status: number): string {
  if (status === 404) return 'not_found';
  if (status === 415) return 'unsupported_media_type';
  if (status === 401) return 'unauthenticated';
  if (status === 403) return 'forbidden';
  return 'bad_request';
}
