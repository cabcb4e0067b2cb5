import { AjvCompiler } from '@fastify/ajv-compiler';
import type { FastifyInstance, FastifyRequest, FastifyServerOptions } from 'fastify';
import secureJson from 'secure-json-parse';
import { AppError, type FieldProblem } from '../platform/errors.js';
import { jsonProblem } from '../platform/input-checks.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The body's array under this key holds items the route checks one by one (refusing a bad
     * one on its own), so the guard leaves them to it.
     */
    checksItemsOf?: string;
  }
}

/**
 * Everything that enters through HTTP is checked here once, before any route sees it, so a value
 * no database or presenter can hold never gets in: JSON bodies are parsed without prototype
 * poisoning, nested at most `maxJsonDepth` deep, and no string (key or value, in the body, the
 * query or the path) may contain a NUL character or an unpaired UTF-16 surrogate (PostgreSQL
 * rejects both, and they break every later read), and no integer may lie beyond what a number
 * holds exactly (2^53), which no id, count or instant can. Route schemas then check types strictly: a body
 * is never coerced (`"text": null` is not a string), only query strings and path parameters are,
 * since they arrive as text.
 */
function invalid(problem: FieldProblem, part: string): AppError {
  return new AppError('validation_failed', 'the request is not valid', [
    { path: `${part}${problem.path === '/' ? '' : problem.path}`, message: problem.message },
  ]);
}

type CompilerFromPool = ReturnType<typeof AjvCompiler>;
type SchemaOptions = Parameters<CompilerFromPool>[1];
/** What Fastify really passes a validator compiler (its typings say a bare schema). */
type RouteValidatorCompiler = (route: { schema: unknown; httpPart?: string }) => unknown;

const ajvBase = { removeAdditional: false, useDefaults: true, allErrors: false } as const;

/**
 * Two validators from the same schemas: the body's never coerces types; the query string's and
 * path's coerce text into the declared numbers, booleans and arrays.
 */
export function validatorOptions(): Pick<FastifyServerOptions, 'schemaController'> {
  const strictPool = AjvCompiler();
  const coercingPool = AjvCompiler();
  const build = (
    externalSchemas: Parameters<CompilerFromPool>[0],
    options: SchemaOptions,
  ): RouteValidatorCompiler => {
    const custom = { ...(options?.customOptions ?? {}), ...ajvBase };
    const body = strictPool(externalSchemas, {
      ...options,
      mode: undefined,
      customOptions: { ...custom, coerceTypes: false },
    }) as unknown as RouteValidatorCompiler;
    const text = coercingPool(externalSchemas, {
      ...options,
      mode: undefined,
      customOptions: { ...custom, coerceTypes: 'array' },
    }) as unknown as RouteValidatorCompiler;
    return (route) => (route.httpPart === 'body' ? body(route) : text(route));
  };
  // @fastify/ajv-compiler's typings describe the compiler as taking a schema; Fastify and the
  // compiler itself pass the route definition (schema, method, url, httpPart).
  return {
    schemaController: {
      compilersFactory: { buildValidator: build as unknown as CompilerFromPool },
    },
  };
}

/** Parses JSON bodies safely and refuses what no route could store. */
export function registerInputGuard(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'string' },
    (request: FastifyRequest, body: string | Buffer, done) => {
      // A URL that matches no route gets its 404 whatever the body holds: judging the body
      // would tell a stranger about the guard before the router said there is nothing here.
      if (request.routeOptions.url === undefined) {
        done(null, undefined);
        return;
      }
      let value: unknown;
      try {
        value =
          String(body).trim() === ''
            ? undefined
            : secureJson.parse(String(body), undefined, {
                protoAction: 'error',
                constructorAction: 'error',
              });
      } catch (error) {
        done(
          new AppError('validation_failed', 'the body is not valid JSON', [
            { path: 'body', message: error instanceof Error ? error.message : 'not JSON' },
          ]),
          undefined,
        );
        return;
      }
      const itemsKey = request.routeOptions.config?.checksItemsOf;
      const problem =
        itemsKey && isRecord(value) && Array.isArray(value[itemsKey])
          ? jsonProblem({ ...value, [itemsKey]: [] })
          : jsonProblem(value);
      done(problem ? invalid(problem, 'body') : null, value);
    },
  );
  app.addHook('preValidation', async (request) => {
    if (request.routeOptions.url === undefined) return; // no route: the 404 handler answers
    for (const [part, values] of [
      ['querystring', request.query],
      ['params', request.params],
    ] as const) {
      const problem = jsonProblem(values, '', 0, true);
      if (problem) throw invalid(problem, part);
    }
  });
  // Query strings and paths are coerced by the route schema, and text such as `Infinity` or
  // `1e400` becomes a number no column can hold (ajv counts Infinity as an integer): the
  // coerced values are checked again, once they are what the handler will see.
  app.addHook('preHandler', async (request) => {
    if (request.routeOptions.url === undefined) return;
    for (const [part, values] of [
      ['querystring', request.query],
      ['params', request.params],
    ] as const) {
      const problem = jsonProblem(values);
      if (problem) throw invalid(problem, part);
    }
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
