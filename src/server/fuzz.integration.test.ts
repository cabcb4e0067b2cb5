import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenScopes } from '../modules/auth/index.js';
import { message } from '../test/fixtures.js';
import { type FuzzRequest, requestsFor, seedFor } from '../test/fuzz-arbitraries.js';
import {
  type JsonSchema,
  type OpenApiDocument,
  type Operation,
  operationsOf,
} from '../test/fuzz-openapi.js';
import { type GeneratorContext, thingOf } from '../test/fuzz-values.js';
import { apiToken, type SignedIn, signIn, testApp } from '../test/http.js';
import { testSetting } from '../test/test-environment.js';
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
const baseSeed = Number(testSetting('HEARKEN_FUZZ_SEED') ?? 1);
const runsPerOperation = Number(testSetting('HEARKEN_FUZZ_RUNS') ?? 10);
/** Operations whose every call costs a password hash (scrypt): fewer runs. */
const slowOperations = new Set(['POST /api/v1/auth/login', 'POST /api/v1/users']);
/** The door every channel, importer and integration writes through: the most exposed. */
const exposedOperations = new Set(['POST /api/v1/inbound']);
/** Writes store what later reads must show: they get twice the runs of reads. */
function runsOf(operation: Operation, name: string): number {
  if (slowOperations.has(name)) return Math.max(2, Math.ceil(runsPerOperation / 4));
  if (exposedOperations.has(name)) return runsPerOperation * 6;
  return operation.method === 'GET' ? runsPerOperation : runsPerOperation * 2;
}

/** Share of values replaced by hostile ones in the most hostile fifth of the requests. */
const hostility = 0.25;

// Built at collection time: the operations to fuzz come from the app's own OpenAPI document.
const runtime: TestRuntime = await createTestRuntime({
  // Channel routes need the key that encrypts their passwords; without it they answer 503.
  secretKey: randomBytes(32),
});
const app: FastifyInstance = await testApp(runtime);
const document = app.swagger() as unknown as OpenApiDocument;
const operations = operationsOf(document);
let admin: SignedIn;
let token: string;
const knownIds = new Map<string, Set<number>>();
/** Answers per operation, caller and status, to show how deep the generated requests reach
 * (written to the file HEARKEN_FUZZ_REPORT names, when it is set). */
const tally = new Map<string, Record<string, number>>();

/** Keeps a few of the 400s the admin got, to see what stops the generated requests. */
function sample(operation: Operation, answer: Answer) {
  const counts = tally.get(`${operation.method} ${operation.path}`) ?? {};
  if (Object.keys(counts).length < 20) counts[`400: ${answer.body.slice(0, 200)}`] = 1;
}

function count(operation: Operation, caller: Caller, status: number) {
  const key = `${operation.method} ${operation.path}`;
  const counts = tally.get(key) ?? {};
  const bucket = `${caller.name} ${status}`;
  counts[bucket] = (counts[bucket] ?? 0) + 1;
  tally.set(key, counts);
}

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

/** Remembers the ids in a JSON answer by the kind of thing they name (the items of
 * `/api/v1/teams` are teams, a `contact_id` is a contact's), so later requests point at rows
 * that exist. */
function harvest(answer: Answer, operationPath: string) {
  if (answer.status >= 300 || !answer.contentType.includes('json')) return;
  const remember = (thing: string, id: unknown) => {
    if (typeof id !== 'number' || !Number.isSafeInteger(id) || id <= 0) return;
    const ids = knownIds.get(thing) ?? new Set<number>();
    ids.add(id);
    knownIds.set(thing, ids);
  };
  const walk = (value: unknown, thing: string, depth: number) => {
    if (depth > 6) return;
    if (Array.isArray(value)) {
      for (const item of value.slice(0, 30)) walk(item, thing, depth + 1);
    } else if (value && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        if (key === 'id') remember(thing, item);
        else if (key.endsWith('_id')) remember(thingOf(key), item);
        else if (item && typeof item === 'object') walk(item, thingOf(key), depth + 1);
      }
    }
  };
  const collection = operationPath
    .split('/')
    .filter((segment) => segment && !segment.startsWith('{'))
    .pop();
  try {
    const body = JSON.parse(answer.body) as unknown;
    const items =
      body && typeof body === 'object' && !Array.isArray(body) && 'data' in body
        ? (body as { data: unknown }).data
        : body;
    walk(items, thingOf(collection ?? ''), 0);
  } catch {
    // Not JSON after all; nothing to learn.
  }
}

/** Known ids of a kind of thing (`handoff_team` finds the teams), or of anything. */
function idsOf(thing: string): readonly number[] {
  const exact = knownIds.get(thing);
  const suffix = [...knownIds.entries()].find(([known]) => thing.endsWith(`_${known}`))?.[1];
  const ids = exact ?? suffix ?? new Set([...knownIds.values()].flatMap((set) => [...set]));
  return [...ids].slice(-40);
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
  if (operation.participantOnly && !request.urlBroken && ![401, 403].includes(answer.status)) {
    // Every caller of the fuzz suite is staff or nobody: a participant route never lets them in.
    problems.push(`staff or anonymous call of a participant route answered ${answer.status}`);
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
  const role =
    session.status === 200
      ? (JSON.parse(session.body) as { user?: { role?: string } }).user?.role
      : undefined;
  if (session.status === 401 || role !== 'admin') admin = await signIn(app, runtime, 'admin');
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
    harvest(answer, url);
  }
  for (const operation of operationsOf(document)) {
    if (operation.method !== 'GET' || operation.pathParameters.length > 0) continue;
    harvest(
      await send({ method: 'GET', url: operation.path, headers: {} }, callers[2] as Caller),
      operation.path,
    );
  }
}

beforeAll(async () => {
  admin = await signIn(app, runtime, 'admin');
  token = await apiToken(runtime, [...tokenScopes]);
  await seed();
});
afterAll(async () => {
  const report = testSetting('HEARKEN_FUZZ_REPORT');
  if (report) writeFileSync(report, JSON.stringify(Object.fromEntries(tally), null, 1));
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
        idsOf,
        hostility,
      };
      const seedOfOperation = seedFor(baseSeed, operation);
      // Operations that can end or demote the callers' own access (signing out, revoking the
      // token, a user change that ends sessions or takes the admin role away).
      const selfEnding =
        name === 'POST /api/v1/auth/logout' ||
        name === 'DELETE /api/v1/tokens/{id}' ||
        operation.path.startsWith('/api/v1/users');
      const result = await fc.check(
        fc.asyncProperty(requestsFor(operation, context), async (request) => {
          const problems: string[] = [];
          for (const caller of callers) {
            const answer = await send(request, caller);
            harvest(answer, operation.path);
            count(operation, caller, answer.status);
            if (caller.name === 'admin' && answer.status === 400) sample(operation, answer);
            problems.push(...problemsOf(operation, request, caller, answer));
            if (selfEnding) await renewCredentials();
          }
          if (problems.length > 0) throw new Error(problems.join('\n'));
        }),
        {
          seed: seedOfOperation,
          numRuns: runsOf(operation, name),
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
    // Participant routes refuse every fuzz caller (checked in problemsOf); their reads are
    // covered by their own tests with a participant session.
    const operations = operationsOf(document).filter(
      (operation) => operation.method === 'GET' && !operation.participantOnly,
    );
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
      // A required query names other records (e.g. a diff's two versions): not guessable here.
      if (operation.queryParameters.some((parameter) => parameter.required)) continue;
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
