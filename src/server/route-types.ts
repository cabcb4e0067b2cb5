import { type TSchema, Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { ParticipantPrincipal, Principal } from '../modules/auth/index.js';
import { AppError } from '../platform/errors.js';
import { ErrorEnvelopeSchema } from './error-envelope.js';

/** Ids fit a JavaScript number exactly (and so every database column that holds them). */
export const Id = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });
export const IdParams = Type.Object({ id: Id });

/**
 * Refers to a shape that has an `$id` and is registered once (`app.addSchema`), so the OpenAPI
 * document and the web contract hold it once, under components. Typed as the shape itself: the
 * route type provider cannot see through a `$ref`, and request bodies must keep their type.
 */
export function refTo<T extends TSchema>(schema: T): T {
  return Type.Ref(schema) as unknown as T;
}

/** Standard error responses, for the OpenAPI document. */
export const errorResponses = {
  400: Type.Ref(ErrorEnvelopeSchema),
  401: Type.Ref(ErrorEnvelopeSchema),
  403: Type.Ref(ErrorEnvelopeSchema),
  404: Type.Ref(ErrorEnvelopeSchema),
} as const;

/** The authenticated principal; the preHandler guarantees it on non-public routes. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new AppError('unauthenticated', 'sign in or send an API token');
  return request.principal;
}

/** The participant on a route whose audience admits participants, or null for a staff caller. */
export function participantOf(request: FastifyRequest): ParticipantPrincipal | null {
  return request.participant;
}

/** The participant on a participant-only route; the onRequest hook guarantees one there. */
export function requireParticipant(request: FastifyRequest): ParticipantPrincipal {
  if (!request.participant) throw new AppError('unauthenticated', 'open the link you were sent');
  return request.participant;
}
