import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenScopes } from '../modules/auth/index.js';
import { message } from '../test/fixtures.js';
import {
  type FuzzRequest,
  type GeneratorContext,
  type JsonSchema,
  type OpenApiDocument,
  type Operation,
  operationsOf,
  requestsFor,
  seedFor,
} from '../test/fuzz-arbitraries.js';
import { apiToken, type SignedIn, signIn, testApp } from '../test/http.js';
import { createTestRuntime, type TestRuntime, usingPostgres } from '../test/test-runtime.js';

/**
 * The lasting fuzz suite of issue 9: every operation of the OpenAPI document, called with
 * generated paths, query strings and bodies (mostly shaped like the schema, some parts hostile)
 * as an admin session, as an API token holding every scope, and without credentials. It fails on
 * any 5xx, on any error outside the envelope, on an unauthenticated call answered with anything
 * but 401/403 (or with details of the schema), and, after the run, on any read that a stored
 * value broke.
 *
 * Deterministic: each operation runs from a seed derived from HEARKEN_FUZZ_SEED (printed on
 * failure with fast-check's counterexample). HEARKEN_FUZZ_RUNS sets the runs per operation (the
 * default keeps the file near a minute on SQLite on 2 cores); go deeper locally with e.g.
 * `HEARKEN_FUZZ_RUNS=300 npx vitest run src/server/fuzz.integration.test.ts`. The database state
 * depends on the operations run before, so reproduce with the whole file, not one test.
 */
const baseSeed = Number(process.env.HEARKEN_FUZZ_SEED ?? 20260611);
const runsPerOperation = Number(process.env.HEARKEN_FUZZ_RUNS ?? 12);
/** Operations whose every call costs a password hash (scrypt): fewer runs. */
const slowOperations = new Set(['POST /api/v1/auth/login', 'POST /api/v1/users']);
/** Share of values replaced by hostile ones. */
const hostility = 0.12;

// Built at collection time: the operations to fuzz come from the app's own OpenAPI document.
const runtime: TestRuntime = await createTestRuntime();
const app: FastifyInstance = await testApp(runtime);
const document = app.swagger() as unknown as OpenApiDocument;
const operations = operationsOf(document);
let admin: SignedIn;
let token: string;
const knownIds = new Set<number>();

interface Caller {
  name: 'anonymous' | 'token' | 'admin';
  headers(): Record<string, string>;
}

const callers: Caller[] = [
  { name: 'anonymous', headers: () => ({}) },
  { name: 'token', headers: () => ({ authorization: `Bearer ${token}` }) },
  { name: 'admin', headers: () => ({ cookie: admin.cookie, 'x-csrf-token': admin.csrf }) },
];

interface Answer {
  status: number;
  contentType: string;
  body: string;
}

/** One request through the app; a Server-Sent Events stream is cut after its headers. */
async function send(request: Omit<FuzzRequest, 'urlBroken'>, caller: Caller): Promise<Answer> {
  const controller = new AbortController();
  const response = await app.inject({
    method: request.method,
    url: request.url,
    headers: { ...request.headers, ...caller.headers() },
    ...(request.payload !== undefined ? { payload: request.payload } : {}),
    payloadAsStream: true,
    signal: controller.signal,
  });
  const contentType = String(response.headers['content-type'] ?? '');
  if (contentType.startsWith('text/event-stream')) {
    controller.abort();
    return { status: response.statusCode, contentType, body: '' };
  }
  const chunks: Buffer[] = [];
  for await (const chunk of response.stream()) chunks.push(Buffer.from(chunk as Buffer));
  return { status: response.statusCode, contentType, body: Buffer.concat(chunks).toString() };
}

/** Remembers the ids in a JSON answer, so later requests point at rows that exist. */
function harvest(answer: Answer) {
  if (answer.status >= 300 || !answer.contentType.includes('json')) return;
  const walk = (value: unknown, key: string) => {
    if (typeof value === 'number' && (key === 'id' || key.endsWith('_id'))) {
      if (Number.isSafeInteger(value) && value > 0) knownIds.add(value);
    } else if (Array.isArray(value)) {
      for (const item of value.slice(0, 20)) walk(item, key);
    } else if (value && typeof value === 'object') {
      for (const [name, item] of Object.entries(value)) walk(item, name);
    }
  };
  try {
    walk(JSON.parse(answer.body), '');
  } catch {
    // Not JSON after all; nothing to learn.
  }
}

/** Why `body` is not exactly `{ error: { code, message, fields? } }`, or null. */
function envelopeProblem(answer: Answer): string | null {
  if (!answer.contentType.includes('application/json')) {
    return `content-type ${answer.contentType || 'none'}, not JSON`;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(answer.body);
  } catch {
    return 'body is not JSON';
  }
  const top = parsed as { error?: Record<string, unknown> };
  if (!top || typeof top !== 'object' || Object.keys(top).join() !== 'error') {
    return 'not { error }';
  }
  const error = top.error;
  if (!error || typeof error !== 'object') return 'error is not an object';
  const keys = Object.keys(error).filter((key) => !['code', 'message', 'fields'].includes(key));
  if (keys.length > 0) return `error has extra keys ${keys.join(', ')}`;
  if (typeof error.code !== 'string' || typeof error.message !== 'string') {
    return 'error.code or error.message is not a string';
  }
  if (error.fields !== undefined) {
    const fine =
      Array.isArray(error.fields) &&
      error.fields.every(
        (field: unknown) =>
          field !== null &&
          typeof field === 'object' &&
          typeof (field as Record<string, unknown>).path === 'string' &&
          typeof (field as Record<string, unknown>).message === 'string',
      );
    if (!fine) return 'error.fields is not a list of { path, message }';
  }
  return null;
}

function problemsOf(
  operation: Operation,
  request: FuzzRequest,
  caller: Caller,
  answer: Answer,
): string[] {
  const problems: string[] = [];
  if (answer.status >= 500) problems.push(`answered ${answer.status}`);
  if (answer.status >= 400) {
    const problem = envelopeProblem(answer);
    if (problem) problems.push(`error outside the envelope (${problem})`);
  }
  if (caller.name === 'anonymous' && !operation.public) {
    const allowed = request.urlBroken ? [400, 401, 403, 404] : [401, 403];
    if (!allowed.includes(answer.status)) {
      problems.push(`unauthenticated call answered ${answer.status}, not 401/403`);
    } else if (answer.body.includes('"fields"')) {
      problems.push('unauthenticated call told schema details (fields)');
    }
  }
  return problems.map(
    (problem) =>
      `${caller.name}: ${problem}\n  request: ${describeRequest(request)}\n  response: ${
        answer.status
      } ${answer.body.slice(0, 400)}`,
  );
}

function describeRequest(request: FuzzRequest): string {
  const payload =
    request.payload === undefined
      ? ''
      : ` body(${request.headers['content-type'] ?? 'none'}, ${request.payload.length} chars): ${JSON.stringify(
          request.payload.length > 300 ? `${request.payload.slice(0, 300)}...` : request.payload,
        )}`;
  const url = request.url.length > 300 ? `${request.url.slice(0, 300)}...` : request.url;
  return `${request.method} ${url}${payload}`;
}

/**
 * Calls that end the caller's own credentials (signing out, revoking a token) are fine; the
 * suite signs in again or makes a new token so the next calls still test something.
 */
async function renewCredentials() {
  const session = await send(
    { method: 'GET', url: '/api/v1/auth/session', headers: {} },
    callers[2] as Caller,
  );
  if (session.status === 401) admin = await signIn(app, runtime, 'admin');
  const tokenSession = await send(
    { method: 'GET', url: '/api/v1/auth/session', headers: {} },
    callers[1] as Caller,
  );
  if (tokenSession.status === 401) token = await apiToken(runtime, [...tokenScopes]);
}

function resolver(reference: string): JsonSchema {
  const name = reference.replace('#/components/schemas/', '');
  const schema = document.components?.schemas?.[name];
  if (!schema) throw new Error(`unknown schema ${reference}`);
  return schema;
}

async function seed() {
  const messages = [
    message({ text: 'Where is my parcel? Order 1001 is a week late' }),
    message({ text: 'The new fee is outrageous, I am closing my account!!' }),
    message({ text: 'مرحبا، لم يصل طلبي' }),
    message({ text: 'Thanks @AcmeSupport, all sorted 👍' }),
  ];
  const reply = message({ text: 'Still waiting', in_reply_to: messages[0]?.external_id ?? null });
  const inbound = await send(
    {
      method: 'POST',
      url: '/api/v1/inbound',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ messages: [...messages, reply] }),
    },
    callers[1] as Caller,
  );
  expect(inbound.status).toBe(202);
  await runtime.worker.drain();
  const writes: [string, unknown][] = [
    ['/api/v1/teams', { name: 'Billing', timezone: 'Europe/Berlin' }],
    ['/api/v1/labels', { name: 'refund', colour: 'red' }],
    ['/api/v1/canned-replies', { shortcut: 'hello', title: 'Hello', body: 'Hi {{contact.name}}' }],
  ];
  for (const [url, body] of writes) {
    const answer = await send(
      {
        method: 'POST',
        url,
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify(body),
      },
      callers[2] as Caller,
    );
    expect(answer.status).toBe(201);
    harvest(answer);
  }
  for (const operation of operationsOf(document)) {
    if (operation.method !== 'GET' || operation.pathParameters.length > 0) continue;
    harvest(await send({ method: 'GET', url: operation.path, headers: {} }, callers[2] as Caller));
  }
}

beforeAll(async () => {
  admin = await signIn(app, runtime, 'admin');
  token = await apiToken(runtime, [...tokenScopes]);
  await seed();
});
afterAll(async () => {
  await app.close();
  await runtime.close();
});

describe(`fuzzing every operation (${usingPostgres ? 'PostgreSQL' : 'SQLite'}, seed ${baseSeed})`, () => {
  it('reads operations from the OpenAPI document', () => {
    expect(operations.length).toBeGreaterThan(50);
  });

  for (const operation of operations) {
    const name = `${operation.method} ${operation.path}`;
    it(name, async () => {
      const context: GeneratorContext = {
        resolve: resolver,
        ids: [...knownIds].slice(0, 60),
        hostility,
      };
      const seedOfOperation = seedFor(baseSeed, operation);
      const selfEnding =
        name === 'POST /api/v1/auth/logout' || name === 'DELETE /api/v1/tokens/{id}';
      const result = await fc.check(
        fc.asyncProperty(requestsFor(operation, context), async (request) => {
          const problems: string[] = [];
          for (const caller of callers) {
            const answer = await send(request, caller);
            harvest(answer);
            problems.push(...problemsOf(operation, request, caller, answer));
            if (selfEnding) await renewCredentials();
          }
          if (problems.length > 0) throw new Error(problems.join('\n'));
        }),
        {
          seed: seedOfOperation,
          numRuns: slowOperations.has(name)
            ? Math.max(2, Math.ceil(runsPerOperation / 4))
            : runsPerOperation,
        },
      );
      await runtime.worker.drain();
      if (result.failed) {
        const error = result.errorInstance;
        expect.fail(
          `${name}: HEARKEN_FUZZ_SEED=${baseSeed} (operation seed ${seedOfOperation}, path ${
            result.counterexamplePath
          }, failed after ${result.numRuns} runs, ${result.numShrinks} shrinks):\n${
            error instanceof Error ? error.message : String(error)
          }`,
        );
      }
    }, 300_000);
  }

  it('still answers every read with what was stored', async () => {
    await runtime.worker.drain();
    const failures: string[] = [];
    const read = async (url: string) => {
      const answer = await send({ method: 'GET', url, headers: {} }, callers[2] as Caller);
      if (answer.status < 200 || answer.status >= 300) {
        failures.push(`GET ${url} answered ${answer.status} ${answer.body.slice(0, 300)}`);
      }
      return answer;
    };
    const operations = operationsOf(document).filter((operation) => operation.method === 'GET');
    const lists = new Map<string, unknown>();
    for (const operation of operations) {
      if (operation.pathParameters.length > 0) continue;
      if (operation.path === '/api/v1/live') continue; // a stream, not a read
      const required = requiredQuery(operation);
      const answer = await read(`${operation.path}${required ? `?${required}` : ''}`);
      try {
        lists.set(operation.path, JSON.parse(answer.body));
      } catch {
        // CSV or broken: already counted when broken.
      }
      // Each value of each enumerated filter (status, sort, format, ...) once.
      for (const parameter of operation.queryParameters) {
        for (const value of enumValues(parameter.schema)) {
          const query = `${parameter.name}=${encodeURIComponent(String(value))}`;
          await read(`${operation.path}?${[required, query].filter(Boolean).join('&')}`);
        }
      }
    }
    for (const operation of operations) {
      if (operation.pathParameters.length !== 1 || operation.pathParameters[0]?.name !== 'id') {
        continue;
      }
      const prefix = operation.path.slice(0, operation.path.indexOf('/{id}'));
      for (const id of idsListedFor(prefix, lists).slice(0, 3)) {
        await read(operation.path.replace('{id}', String(id)));
      }
    }
    expect(failures, failures.join('\n')).toEqual([]);
  }, 300_000);

  it('never makes a job fail with what it accepted', async () => {
    const failed = await runtime.database.db
      .selectFrom('jobs')
      .select(['id', 'kind', 'status', 'attempts', 'last_error'])
      .where('last_error', 'is not', null)
      .execute();
    expect(
      failed.map((job) => `${job.kind} #${job.id} ${job.status}: ${job.last_error?.slice(0, 300)}`),
    ).toEqual([]);
  });
});

/** The query string of an operation's required parameters, each at its simplest valid value. */
function requiredQuery(operation: Operation): string {
  return operation.queryParameters
    .filter((parameter) => parameter.required)
    .map((parameter) => {
      const schema = parameter.schema ?? {};
      const value = schema.default ?? enumValues(schema)[0] ?? schema.minimum ?? 'x';
      return `${parameter.name}=${encodeURIComponent(String(value))}`;
    })
    .join('&');
}

function enumValues(schema: JsonSchema | undefined): unknown[] {
  if (!schema) return [];
  if (schema.enum) return schema.enum;
  const alternatives = schema.anyOf ?? schema.oneOf ?? [];
  return alternatives.flatMap((alternative) => enumValues(alternative));
}

/** Ids of the items a list route at `prefix` answered (or named `<thing>_id` in any list, for
 * things without a list of their own, such as contacts). */
function idsListedFor(prefix: string, lists: Map<string, unknown>): number[] {
  const itemsOf = (list: unknown): Record<string, unknown>[] => {
    if (Array.isArray(list)) return list;
    if (list && typeof list === 'object') {
      const array = Object.values(list).find((value) => Array.isArray(value));
      if (array) return array as Record<string, unknown>[];
    }
    return [];
  };
  const own = lists.get(prefix);
  const thing = prefix.split('/').pop()?.replace(/ies$/, 'y').replace(/s$/, '') ?? '';
  const ids =
    own !== undefined
      ? itemsOf(own).map((item) => item?.id)
      : [...lists.values()].flatMap((list) => itemsOf(list).map((item) => item?.[`${thing}_id`]));
  return [...new Set(ids.filter((id): id is number => typeof id === 'number' && id > 0))];
}
