import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversationIdOf, message } from '../../test/fixtures.js';
import { type SignedIn, signIn, testApp } from '../../test/http.js';
import { createTestRuntime, type TestRuntime } from '../../test/test-runtime.js';
import { acceptInbound } from '../ingest/index.js';

/** The inbox's sentiment and anger filters, read from the latest customer message. */
let runtime: TestRuntime;
let app: FastifyInstance;
let agent: SignedIn;
/** Conversation id by scenario. */
const ids = new Map<string, number>();

const texts = {
  furious: 'This is outrageous, you charged me twice and nobody answers. I am furious!',
  happy: 'Thank you so much, the new app is wonderful and works perfectly!',
  question: 'What time does the branch on Main Street open on Saturday?',
  recovered: ['The app was down all morning, terrible service', 'It works again, thanks a lot!'],
  answered: 'My card was declined three times today, this is a disaster',
};

const conversationOf = (externalId: string) => conversationIdOf(runtime.database.db, externalId);

const get = (url: string) => app.inject({ method: 'GET', url, headers: { cookie: agent.cookie } });

async function listed(query: string, status = 'open'): Promise<number[]> {
  const response = await get(`/api/v1/conversations?status=${status}&limit=200&${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json().data.map((row: { id: number }) => row.id);
}

/** What the filters should return, from the stored classification of each latest customer message. */
async function expected(): Promise<
  Map<number, { sentiment: string | null; angry: boolean; latestText: string }>
> {
  const result = new Map<
    number,
    { sentiment: string | null; angry: boolean; latestText: string }
  >();
  for (const id of ids.values()) {
    const latest = await runtime.database.db
      .selectFrom('messages')
      .select(['id', 'text', 'sentiment', 'anger_score'])
      .where('conversation_id', '=', id)
      .where('direction', '=', 'inbound')
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    const corrections = await runtime.database.db
      .selectFrom('classification_corrections')
      .select(['task', 'label'])
      .where('message_id', '=', latest.id)
      .execute();
    const corrected = new Map(corrections.map((row) => [row.task, row.label]));
    result.set(id, {
      sentiment: corrected.get('sentiment') ?? latest.sentiment,
      angry: corrected.has('anger')
        ? corrected.get('anger') === 'anger'
        : (latest.anger_score ?? 0) >= 0.5,
      latestText: latest.text,
    });
  }
  return result;
}

async function expectFiltersMatchStoredLabels() {
  const truth = await expected();
  for (const sentiment of ['negative', 'neutral', 'positive']) {
    const want = [...truth].filter(([, value]) => value.sentiment === sentiment).map(([id]) => id);
    expect(new Set(await listed(`sentiment=${sentiment}`)), sentiment).toEqual(new Set(want));
  }
  for (const angry of [true, false]) {
    const want = [...truth].filter(([, value]) => value.angry === angry).map(([id]) => id);
    expect(new Set(await listed(`angry=${angry}`)), `angry=${angry}`).toEqual(new Set(want));
  }
  return truth;
}

beforeAll(async () => {
  runtime = await createTestRuntime();
  app = await testApp(runtime);
  agent = await signIn(app, runtime, 'agent');
  const at = (minute: number) => new Date(Date.UTC(2026, 0, 5, 9, minute)).toISOString();
  const furious = message({ text: texts.furious, created_at: at(0) });
  const happy = message({ text: texts.happy, created_at: at(1) });
  const question = message({ text: texts.question, created_at: at(2) });
  const down = message({ text: texts.recovered[0], created_at: at(3) });
  const up = message({
    author: down.author,
    in_reply_to: down.external_id,
    text: texts.recovered[1],
    created_at: at(5),
  });
  const answered = message({ text: texts.answered, created_at: at(6) });
  // The brand's cheerful answer is not the customer's mood.
  const reply = message({
    direction: 'outbound',
    author: { handle: 'AcmeSupport', name: 'Acme' },
    in_reply_to: answered.external_id,
    text: 'Thanks so much for your patience, we are happy to help! Wonderful day to you.',
    created_at: at(7),
  });
  await acceptInbound(
    runtime.database,
    runtime.organisationId,
    [furious, happy, question, down, up, answered, reply],
    'test',
  );
  await runtime.worker.drain();
  for (const [name, inbound] of Object.entries({ furious, happy, question, down, answered })) {
    ids.set(name, await conversationOf(inbound.external_id));
  }
  expect(new Set(ids.values()).size).toBe(5);
}, 60_000);
afterAll(async () => {
  await app.close();
  await runtime.close();
});

describe('GET /api/v1/conversations?sentiment=&angry=', () => {
  it('filters by the sentiment and anger of the latest customer message', async () => {
    const truth = await expectFiltersMatchStoredLabels();
    // The models read these as anyone would; the filters above match whatever they stored.
    expect(truth.get(ids.get('furious') as number)?.sentiment).toBe('negative');
    expect(truth.get(ids.get('happy') as number)?.sentiment).toBe('positive');
    // Only the customer's latest message counts: the recovered customer is no longer upset, and
    // the brand's cheerful reply does not make the declined card positive.
    expect(truth.get(ids.get('down') as number)?.latestText).toBe(texts.recovered[1]);
    expect(truth.get(ids.get('answered') as number)?.latestText).toBe(texts.answered);
    expect(await listed('sentiment=negative')).toContain(ids.get('answered'));
    expect(await listed('sentiment=negative')).not.toContain(ids.get('down'));
  });

  it("follows the agents' corrections, combines with other filters and pages", async () => {
    const furious = ids.get('furious') as number;
    const [latest] = await runtime.database.db
      .selectFrom('messages')
      .select('id')
      .where('conversation_id', '=', furious)
      .execute();
    const correct = (task: string, label: string) =>
      app.inject({
        method: 'PUT',
        url: `/api/v1/messages/${latest?.id}/classification/${task}`,
        payload: { label },
        headers: { cookie: agent.cookie, 'x-csrf-token': agent.csrf },
      });
    expect((await correct('sentiment', 'neutral')).statusCode).toBe(200);
    expect((await correct('anger', 'other')).statusCode).toBe(200);
    expect(await listed('sentiment=neutral')).toContain(furious);
    expect(await listed('sentiment=negative')).not.toContain(furious);
    expect(await listed('angry=false')).toContain(furious);
    expect((await correct('anger', 'anger')).statusCode).toBe(200);
    expect(await listed('angry=true&sentiment=neutral')).toEqual([furious]);
    await expectFiltersMatchStoredLabels();

    expect(await listed('sentiment=neutral', 'resolved')).toEqual([]);
    const negative = await listed('sentiment=negative');
    const first = await get('/api/v1/conversations?status=open&sentiment=negative&limit=1');
    expect(first.json().data.map((row: { id: number }) => row.id)).toEqual(negative.slice(0, 1));
    if (negative.length > 1) {
      const cursor = first.json().next_cursor as string;
      const second = await get(
        `/api/v1/conversations?status=open&sentiment=negative&limit=1&cursor=${cursor}`,
      );
      expect(second.json().data.map((row: { id: number }) => row.id)).toEqual(negative.slice(1, 2));
    }
  });

  it('refuses unknown values with the field named, and is described in the OpenAPI document', async () => {
    for (const query of ['sentiment=angry', 'sentiment=', 'angry=maybe']) {
      const response = await get(`/api/v1/conversations?${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(response.json().error.code).toBe('validation_failed');
      expect(JSON.stringify(response.json().error.fields)).toMatch(/sentiment|angry/);
    }
    const document = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const parameters = document.paths['/api/v1/conversations'].get.parameters as {
      name: string;
      in: string;
      schema: unknown;
      description?: string;
    }[];
    const sentiment = parameters.find((parameter) => parameter.name === 'sentiment');
    expect(sentiment?.in).toBe('query');
    expect(JSON.stringify(sentiment)).toContain('negative');
    expect(JSON.stringify(sentiment)).toContain('latest customer message');
    expect(parameters.find((parameter) => parameter.name === 'angry')?.in).toBe('query');
  });
});
