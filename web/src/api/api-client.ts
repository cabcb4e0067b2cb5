import type { components, paths } from './contract.gen.js';

/**
 * The one way the app talks to the server: requests typed by the generated contract (a path of
 * the OpenAPI document, its path and query parameters and body), answers typed by the same
 * document, and the session's CSRF token on writes.
 */

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** The paths that have an operation for `method`. */
export type ApiPath<M extends Method = 'get'> = {
  [P in keyof paths]: paths[P][M] extends undefined ? never : P;
}[keyof paths];

type Operation<P extends keyof paths, M extends Method> = Exclude<paths[P][M], undefined>;
type ParametersOf<Op> = Op extends { parameters: infer Parameters } ? Parameters : never;
type PathParameters<Op> = ParametersOf<Op> extends { path: infer Path } ? Path : never;
type QueryParameters<Op> = ParametersOf<Op> extends { query?: infer Query } ? Query : never;
type BodyOf<Op> = Op extends { requestBody: { content: { 'application/json': infer Body } } }
  ? Body
  : never;

/** What a request of the operation carries besides its path: each part only where it has one. */
type RequestParts<Op> = ([PathParameters<Op>] extends [never]
  ? { path?: never }
  : { path: PathParameters<Op> }) &
  ([QueryParameters<Op>] extends [never | undefined]
    ? { query?: never }
    : undefined extends QueryParameters<Op>
      ? { query?: QueryParameters<Op> }
      : { query: QueryParameters<Op> }) &
  ([BodyOf<Op>] extends [never] ? { body?: never } : { body: BodyOf<Op> });

/** The request parts as an argument that may be left out when none is required. */
type PartsArgument<Op> =
  object extends RequestParts<Op> ? [parts?: RequestParts<Op>] : [parts: RequestParts<Op>];

type SuccessCode = 200 | 201 | 202 | 204;
type JsonOf<Response> = Response extends { content: { 'application/json': infer Body } }
  ? Body
  : undefined;
type AnswerOf<Op> = Op extends { responses: infer Responses }
  ? { [Code in keyof Responses & SuccessCode]: JsonOf<Responses[Code]> }[keyof Responses &
      SuccessCode]
  : never;

/** The successful answer of an operation, e.g. `ApiAnswer<'/api/v1/teams'>`. */
export type ApiAnswer<P extends ApiPath<M>, M extends Method = 'get'> = AnswerOf<Operation<P, M>>;
/** The JSON body of an operation, e.g. `ApiBody<'/api/v1/conversations/{id}', 'patch'>`. */
export type ApiBody<P extends ApiPath<M>, M extends Method> = BodyOf<Operation<P, M>>;
/** The parts of a request of `P` (a GET unless said otherwise). */
export type ApiRequest<P extends ApiPath<M>, M extends Method = 'get'> = RequestParts<
  Operation<P, M>
>;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The fields at fault, when the server named them (`/rows/3/email` for an import). */
    readonly fields: readonly { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}

let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

type QueryValue = string | number | boolean | null | undefined;

/** The URL of a request: `{id}` filled in, the query in the order given (unset values left out). */
export function apiUrl(
  path: string,
  parts: { path?: Record<string, string | number> | undefined; query?: object | undefined } = {},
): string {
  const filled = path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = parts.path?.[name];
    if (value === undefined) throw new Error(`${path}: no value for {${name}}`);
    return encodeURIComponent(String(value));
  });
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(parts.query ?? {}) as [string, QueryValue][]) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const query = search.toString();
  return query ? `${filled}?${query}` : filled;
}

async function send(method: Method, url: string, body: unknown): Promise<unknown> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'get' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const response = await fetch(url, {
    method: method.toUpperCase(),
    headers,
    credentials: 'same-origin',
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  if (response.status === 204) return undefined;
  // Answers are JSON; an error is the one envelope every route declares.
  const payload = (await response.json().catch(() => null)) as Partial<
    components['schemas']['ErrorEnvelope']
  > | null;
  if (!response.ok) {
    const code = payload?.error?.code ?? 'http_error';
    throw new ApiError(
      response.status,
      code,
      inWords(response.status, code, payload?.error?.message),
      payload?.error?.fields ?? [],
    );
  }
  return payload;
}

/**
 * What to tell a person about a refusal: permission and session problems in plain words (the
 * server's text names a permission, which means nothing to an agent), others as the server
 * said them.
 */
function inWords(status: number, code: string, message: string | undefined): string {
  if (code === 'forbidden')
    return "You don't have access to this. Ask an administrator if you need it.";
  if (code === 'unauthenticated') return 'Your session has ended: sign in again.';
  if (code === 'csrf_failed') return 'This page is out of date: reload it and try again.';
  return message ?? `The server answered ${status}`;
}

/** One request, e.g. `api('patch', '/api/v1/conversations/{id}', { path: { id }, body })`. */
export function api<M extends Method, P extends ApiPath<M>>(
  method: M,
  path: P,
  ...[parts]: PartsArgument<Operation<P, M>>
): Promise<ApiAnswer<P, M>> {
  const given = (parts ?? {}) as { path?: Record<string, number>; query?: object; body?: unknown };
  return send(method, apiUrl(path, given), given.body) as Promise<ApiAnswer<P, M>>;
}

/** A GET of a URL made by `apiUrl` for `ApiPath` P: the answer is `ApiAnswer<P>`. */
export function getUrl<T>(url: string): Promise<T> {
  return send('get', url, undefined) as Promise<T>;
}

/** The message to show for a failed request. */
export function failureText(error: unknown, fallback: string): string {
  return error instanceof Error ? error.message : fallback;
}
