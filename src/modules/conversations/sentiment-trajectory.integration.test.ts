import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversationIdOf, message } from '../../test/fixtures.js';
import { type SignedIn, signIn, testApp } from '../../test/http.js';
import { createTestRuntime, type TestRuntime } from '../../test/test-runtime.js';
import { acceptInbound } from '../ingest/index.js';

/** The customer's mood over a conversation (detail) and at its latest message (list). */
let runtime: TestRuntime;
let app: FastifyInstance;
let agent: SignedIn;
let thread: number;
let calm: number;
let proactive: number;

interface Point {
  message_id: number;
  at: string;
  sentiment: string | null;
  score: number | null;
  anger: number | null;
  angry: boolean;
  corrected: boolean;
}
interface Trajectory {
  points: Point[];
  summary: { first: string | null; latest: string | null; trend: string | null };
}

const texts = {
  angry: 'This is outrageous, you charged me twice and nobody answers. I am furious!',
  question: 'Which account number do you need from me?',
  thanks: 'Thank you so much, it is fixed now, wonderful service!',
};
const order = { negative: -1, neutral: 0, positive: 1 } as Record<string, number>;

const headers = () => ({ cookie: agent.cookie, 'x-csrf-token': agent.csrf });
const get = (url: string) => app.inject({ method: 'GET', url, headers: headers() });

const conversationOf = (externalId: string) => conversationIdOf(runtime.database.db, externalId);

async function detail(id: number) {
  const response = await get(`/api/v1/conversations/${id}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as {
    conversation: { latest_customer_sentiment: Point | null };
    sentiment_trajectory: Trajectory;
    messages: {
      id: number;
      direction: string;
      private_note: boolean;
      created_at: string;
      classification: { sentiment: string; sentiment_score: number; anger: number } | null;
    }[];
  };
}

/** The trend by the documented rule, from the points the API returned. */
function expectedTrend(points: Point[]): string | null {
  const classified = points.filter((point) => point.sentiment !== null);
  const first = classified[0];
  const latest = classified.at(-1);
  if (!first || !latest || classified.length < 2) return null;
  const change = (order[latest.sentiment as string] ?? 0) - (order[first.sentiment as string] ?? 0);
  if (change !== 0) return change > 0 ? 'improving' : 'worsening';
  if (latest.angry !== first.angry) return latest.angry ? 'worsening' : 'improving';
  return 'steady';
}

beforeAll(async () => {
  runtime = await createTestRuntime();
  app = await testApp(runtime);
  agent = await signIn(app, runtime, 'agent');
  const at = (minute: number) => new Date(Date.UTC(2026, 0, 5, 9, minute)).toISOString();
  const first = message({ text: texts.angry, created_at: at(0) });
  const reply = message({
    direction: 'outbound',
    author: { handle: 'AcmeSupport', name: 'Acme' },
    in_reply_to: first.external_id,
    text: 'So sorry! Which account is it? We are happy to help, wonderful day to you.',
    created_at: at(1),
  });
  const second = message({
    author: first.author,
    in_reply_to: reply.external_id,
    text: texts.question,
    created_at: at(2),
  });
  const third = message({
    author: first.author,
    in_reply_to: second.external_id,
    text: texts.thanks,
    created_at: at(4),
  });
  const other = message({ text: 'What time does the branch open on Saturday?', created_at: at(3) });
  const announcement = message({
    direction: 'outbound',
    author: { handle: 'AcmeSupport', name: 'Acme' },
    text: 'Our branches open an hour later on Monday.',
    created_at: at(5),
  });
  await acceptInbound(
    runtime.database,
    runtime.organisationId,
    [first, reply, second, other, third, announcement],
    'test',
  );
  await runtime.worker.drain();
  thread = await conversationOf(first.external_id);
  calm = await conversationOf(other.external_id);
  proactive = await conversationOf(announcement.external_id);
  expect(await conversationOf(third.external_id)).toBe(thread);
  expect(new Set([thread, calm, proactive]).size).toBe(3);
  // An internal note is the team talking, not the customer.
  const lastSeen = (await detail(thread)).messages.at(-1)?.id;
  const note = await app.inject({
    method: 'POST',
    url: `/api/v1/conversations/${thread}/messages`,
    headers: headers(),
    payload: {
      kind: 'note',
      text: 'Refund approved, customer happy.',
      last_seen_message_id: lastSeen,
    },
  });
  expect(note.statusCode, note.body).toBeLessThan(300);
}, 60_000);
afterAll(async () => {
  await app.close();
  await runtime.close();
});

describe('GET /api/v1/conversations/:id sentiment_trajectory', () => {
  it('has one point per customer message, in order, read from the stored classification', async () => {
    const { messages, sentiment_trajectory, conversation } = await detail(thread);
    const customer = messages.filter((item) => item.direction === 'inbound' && !item.private_note);
    expect(customer).toHaveLength(3);
    expect(messages.some((item) => item.private_note)).toBe(true);
    const { points, summary } = sentiment_trajectory;
    expect(points.map((point) => point.message_id)).toEqual(customer.map((item) => item.id));
    for (const [index, point] of points.entries()) {
      const stored = customer[index]?.classification;
      expect(stored).not.toBeNull();
      expect(point.at).toBe(customer[index]?.created_at);
      expect(point.sentiment).toBe(stored?.sentiment);
      expect(point.score).toBe(stored?.sentiment_score);
      expect(point.anger).toBe(stored?.anger);
      expect(point.angry).toBe((stored?.anger ?? 0) >= 0.5);
      expect(point.corrected).toBe(false);
    }
    // The models read the furious start and the thankful end as anyone would.
    expect(points[0]?.sentiment).toBe('negative');
    expect(points[2]?.sentiment).toBe('positive');
    expect(summary).toEqual({ first: 'negative', latest: 'positive', trend: 'improving' });
    expect(conversation.latest_customer_sentiment).toEqual(points[2]);
  });

  it("follows the agents' corrections: the label and the anger they give win", async () => {
    const before = (await detail(thread)).sentiment_trajectory.points;
    const correct = (messageId: number | undefined, task: string, label: string) =>
      app.inject({
        method: 'PUT',
        url: `/api/v1/messages/${messageId}/classification/${task}`,
        payload: { label },
        headers: headers(),
      });
    // The thanks was sarcastic, and the customer is angry at the end, not at the start.
    expect((await correct(before[2]?.message_id, 'sentiment', 'negative')).statusCode).toBe(200);
    expect((await correct(before[2]?.message_id, 'anger', 'anger')).statusCode).toBe(200);
    expect((await correct(before[0]?.message_id, 'anger', 'other')).statusCode).toBe(200);
    const after = await detail(thread);
    const { points, summary } = after.sentiment_trajectory;
    expect(points[2]).toMatchObject({ sentiment: 'negative', angry: true, corrected: true });
    expect(points[2]?.score).toBe(before[2]?.score);
    expect(points[0]).toMatchObject({ sentiment: 'negative', angry: false, corrected: false });
    // Same label first and last: the customer turning angry is what makes it worse.
    expect(summary).toEqual({ first: 'negative', latest: 'negative', trend: 'worsening' });
    expect(summary.trend).toBe(expectedTrend(points));

    // The list marker reads the same message by the same rules.
    const list = await get('/api/v1/conversations?limit=200');
    const row = list.json().data.find((item: { id: number }) => item.id === thread);
    expect(row.latest_customer_sentiment).toEqual(points[2]);
  });

  it('says nothing about a trend with fewer than two readings', async () => {
    const single = await detail(calm);
    expect(single.sentiment_trajectory.points).toHaveLength(1);
    expect(single.sentiment_trajectory.summary.trend).toBeNull();
    expect(single.sentiment_trajectory.summary.first).toBe(
      single.sentiment_trajectory.summary.latest,
    );
    const none = await detail(proactive);
    expect(none.sentiment_trajectory).toEqual({
      points: [],
      summary: { first: null, latest: null, trend: null },
    });
    expect(none.conversation.latest_customer_sentiment).toBeNull();
  });
});

describe('GET /api/v1/conversations latest_customer_sentiment', () => {
  it('gives every row the mood of its latest customer message, matching the detail', async () => {
    const response = await get('/api/v1/conversations?limit=200');
    expect(response.statusCode, response.body).toBe(200);
    const rows = response.json().data as { id: number; latest_customer_sentiment: Point | null }[];
    expect(rows.map((row) => row.id).sort()).toEqual([thread, calm, proactive].sort());
    for (const row of rows) {
      const { sentiment_trajectory } = await detail(row.id);
      expect(row.latest_customer_sentiment, `conversation ${row.id}`).toEqual(
        sentiment_trajectory.points.at(-1) ?? null,
      );
    }
    // Other orders and pages carry it too.
    const byPriority = await get('/api/v1/conversations?sort=priority&limit=1');
    expect(byPriority.json().data[0]).toHaveProperty('latest_customer_sentiment');
  });

  it('is described in the OpenAPI document', async () => {
    const document = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    // The answers refer to shared shapes, each described once under components.
    const answer = (path: string) =>
      document.paths[path].get.responses[200].content['application/json'].schema;
    expect(answer('/api/v1/conversations/{id}').$ref).toBe(
      '#/components/schemas/ConversationDetail',
    );
    const detail = JSON.stringify(document.components.schemas.ConversationDetail);
    expect(detail).toContain('sentiment_trajectory');
    expect(detail).toContain('worsening');
    expect(JSON.stringify(answer('/api/v1/conversations'))).toContain(
      '#/components/schemas/ConversationSummary',
    );
    expect(JSON.stringify(document.components.schemas.ConversationSummary)).toContain(
      'latest_customer_sentiment',
    );
  });
});
