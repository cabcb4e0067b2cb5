/**
 * The closed set of error codes services may raise. Services throw `AppError`; the HTTP layer's
 * one mapper turns the code into a status and the error envelope. Services never throw HTTP
 * errors themselves.
 */
export const errorStatus = {
  validation_failed: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  csrf_failed: 403,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export interface FieldProblem {
  path: string;
  message: string;
}

export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: FieldProblem[],
  ) {
    super(message);
  }
}

export function notFound(what: string): AppError {
  return new AppError('not_found', `${what} not found`);
}
