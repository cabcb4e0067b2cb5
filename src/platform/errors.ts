/**
 * Error codes services may raise. The platform's codes below are shared by every module; each
 * module adds its own closed set with `defineErrorCodes` in its `<module>.errors.ts` (distinct
 * codes for distinct conflicts, e.g. `label_name_taken`), and the HTTP layer's one mapper
 * (`server/error-envelope.ts`) turns any code into its status through `errorStatusOf`. Services
 * throw `AppError`; they never throw HTTP errors themselves.
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

/** The statuses a service error may map to. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 410 | 413 | 422 | 423 | 429 | 500 | 503;

export interface FieldProblem {
  path: string;
  message: string;
}

export class AppError extends Error {
  override name = 'AppError';
  constructor(
    /** A platform code, or one a module declared with `defineErrorCodes`. */
    readonly code: ErrorCode | (string & Record<never, never>),
    message: string,
    readonly fields?: FieldProblem[],
  ) {
    super(message);
  }
}

const statusOfCode = new Map<string, ErrorStatus>(Object.entries(errorStatus));

/** The HTTP status of a platform or module error code (500 for a code nobody declared). */
export function errorStatusOf(code: string): ErrorStatus {
  return statusOfCode.get(code) ?? 500;
}

export interface ModuleErrors<Code extends string> {
  /** The error to throw for `code`. */
  error(code: Code, message: string, fields?: FieldProblem[]): AppError;
}

/**
 * Declares a module's closed set of error codes with their HTTP statuses. A code means one thing
 * everywhere: declaring it twice with different statuses fails at load.
 */
export function defineErrorCodes<const Codes extends Record<string, ErrorStatus>>(
  codes: Codes,
): ModuleErrors<Extract<keyof Codes, string>> {
  for (const [code, status] of Object.entries(codes)) {
    const known = statusOfCode.get(code);
    if (known !== undefined && known !== status) {
      throw new Error(`error code ${code} is declared with two statuses (${known}, ${status})`);
    }
    statusOfCode.set(code, status);
  }
  return {
    error: (code, message, fields) => new AppError(code, message, fields),
  };
}

export function notFound(what: string): AppError {
  return new AppError('not_found', `${what} not found`);
}
