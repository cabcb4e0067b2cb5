import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { message } from '../../test/fixtures.js';
import { type SignedIn, signIn, testApp } from '../../test/http.js';
import { topics } from '../../test/listening-fixtures.js';
import { createTestRuntime, type TestRuntime } from '../../test/test-runtime.js';
import { acceptInbound } from '../ingest/index.js';
import { queueRecluster } from './theme-recluster.js';

let runtime: TestRuntime;
let app: FastifyInstance;
let analyst: SignedIn;
const base = Date.parse('2026-03-02T08:00:00Z');
const externalIds = new Map<string, { topic: string; text: string }>();

async function ingest(texts: { topic: string; text: string }[], offsetMinutes: number) {
  const messages = texts.map((entry, index) => {
    const inbound = message({
      text: entry.text,
      created_at: new Date(base + (offsetMinutes + index) * 60_000).toISOString(),
    });
    externalIds.set(inbound.external_id, entry);
    return inbound;
  });
  await acceptInbound(runtime.database, runtime.organisationId, messages, 'test');
  await runtime.worker.drain();
}

/** Theme id of every ingested message, by topic. */
async function themesByTopic(): Promise<Map<string, (number | null)[]>> {
  const rows = await runtime.database.db
    .selectFrom('theme_messages')
    .innerJoin('messages', 'messages.id', 'theme_messages.message_id')
    .select(['messages.external_id', 'theme_messages.theme_id'])
    .execute();
  const result = new Map<string, (number | null)[]>();
  for (const row of rows) {
    const entry = externalIds.get(row.external_id ?? '');
    if (!entry) continue;
    const list = result.get(entry.topic) ?? [];
    list.push(row.theme_id);
    result.set(entry.topic, list);
  }
  return result;
}

function majority(themes: (number | null)[]): number {
  const counts = new Map<number, number>();
  for (const theme of themes) if (theme !== null) counts.set(theme, (counts.get(theme) ?? 0) + 1);
  return ([...counts].sort((a, b) => b[1] - a[1])[0] ?? [0])[0];
}

const get = (url: string, who: SignedIn = analyst) =>
  app.inject({ method: 'GET', url, headers: { cookie: who.cookie } });
const send = (method: 'PATCH' | 'POST', url: string, payload: unknown, who: SignedIn = analyst) =>
  app.inject({
    method,
    url,
    payload: payload as object,
    headers: { cookie: who.cookie, 'x-csrf-token': who.csrf },
  });

beforeAll(async () => {
  runtime = await createTestRuntime();
  app = await testApp(runtime);
  analyst = await signIn(app, runtime, 'analyst');
  const stream = [0, 1, 2, 3, 4, 5, 6, 7].flatMap((index) =>
    (['fee', 'app', 'card'] as const).map((topic) => ({
      topic,
      text: topics[topic][index] as string,
    })),
  );
  // Two batches, so themes carry over from one batch (and one in-memory state) to the next.
  await ingest(stream.slice(0, 12), 0);
  await ingest(stream.slice(12), 30);
}, 60_000);
afterAll(async () => {
  await app.close();
  await runtime.close();
});

describe('themes stage', () => {
  it('assigns each topic to its own theme with a readable label and volume rollup', async () => {
    const byTopic = await themesByTopic();
    const fee = majority(byTopic.get('fee') ?? []);
    const app_ = majority(byTopic.get('app') ?? []);
    const card = majority(byTopic.get('card') ?? []);
    expect(new Set([fee, app_, card]).size).toBe(3);
    for (const topic of ['fee', 'app', 'card']) {
      const themes = byTopic.get(topic) ?? [];
      expect(themes.filter((theme) => theme === majority(themes)).length).toBeGreaterThanOrEqual(6);
    }
    const list = (await get('/api/v1/listening/themes?bucket=hour&points=4')).json();
    const feeTheme = list.data.find((theme: { id: number }) => theme.id === fee);
    expect(feeTheme.label).toContain('overdraft');
    expect(feeTheme.trend).toHaveLength(4);
    expect(
      feeTheme.trend.reduce((sum: number, point: { count: number }) => sum + point.count, 0),
    ).toBe(feeTheme.message_count);
    const detail = (await get(`/api/v1/listening/themes/${fee}`)).json();
    expect(detail.representative_messages.length).toBeGreaterThan(0);
    expect(detail.representative_messages[0].text).toContain('overdraft');
  });

  it('keeps renames, merges and splits through re-clustering', async () => {
    let byTopic = await themesByTopic();
    const fee = majority(byTopic.get('fee') ?? []);
    const app_ = majority(byTopic.get('app') ?? []);
    const card = majority(byTopic.get('card') ?? []);
    expect(
      (await send('PATCH', `/api/v1/listening/themes/${fee}`, { label: 'Overdraft fee protest' }))
        .statusCode,
    ).toBe(200);
    expect(
      (await send('POST', `/api/v1/listening/themes/${fee}/merge`, { theme_ids: [card] }))
        .statusCode,
    ).toBe(200);
    const split = await send('POST', `/api/v1/listening/themes/${app_}/split`, {
      keywords: ['update'],
      label: 'App update',
    });
    expect(split.statusCode).toBe(201);
    const updateTheme = split.json().theme_id as number;

    const check = async () => {
      byTopic = await themesByTopic();
      expect(
        (byTopic.get('card') ?? []).filter((theme) => theme === fee).length,
      ).toBeGreaterThanOrEqual(6);
      const appRows = await runtime.database.db
        .selectFrom('theme_messages')
        .innerJoin('messages', 'messages.id', 'theme_messages.message_id')
        .select(['messages.text', 'theme_messages.theme_id'])
        .where('theme_messages.theme_id', 'in', [app_, updateTheme])
        .execute();
      for (const row of appRows) {
        expect(row.theme_id).toBe(row.text.includes('update') ? updateTheme : app_);
      }
      expect(appRows.filter((row) => row.theme_id === updateTheme).length).toBe(2);
      const detail = (await get(`/api/v1/listening/themes/${fee}`)).json();
      expect(detail.label).toBe('Overdraft fee protest');
      expect(detail.rules.map((rule: { kind: string }) => rule.kind)).toEqual(['rename', 'merge']);
    };
    await check();
    await queueRecluster(runtime.database, runtime.organisationId);
    await runtime.worker.drain();
    await check();
    // And new messages follow the rules too.
    await ingest(
      [
        { topic: 'card', text: 'debit card declined again at the shop' },
        { topic: 'app', text: 'after the update the app crashes at login' },
      ],
      120,
    );
    byTopic = await themesByTopic();
    expect((byTopic.get('card') ?? []).at(-1)).toBe(fee);
    const latest = await runtime.database.db
      .selectFrom('theme_messages')
      .innerJoin('messages', 'messages.id', 'theme_messages.message_id')
      .select('theme_messages.theme_id')
      .where('messages.text', '=', 'after the update the app crashes at login')
      .executeTakeFirstOrThrow();
    expect(latest.theme_id).toBe(updateTheme);
  });

  it('shows a copy-paste campaign as one near-duplicate cluster with its count', async () => {
    const campaign = 'I am closing my account today because of the new overdraft fee, shame on you';
    await ingest(
      Array.from({ length: 6 }, (_, index) => ({
        topic: 'campaign',
        text:
          index % 2 === 0 ? `@AcmeBank ${campaign}` : `${campaign} https://example.com/p/${index}`,
      })),
      200,
    );
    const duplicates = (await get('/api/v1/listening/duplicates')).json().data;
    expect(duplicates[0]).toMatchObject({ message_count: 6, author_count: 6 });
  });

  it('opens listening to analysts, leads and admins, and edits to them but not agents', async () => {
    const agent = await signIn(app, runtime, 'agent');
    expect((await get('/api/v1/listening/themes', agent)).statusCode).toBe(403);
    expect((await get('/api/v1/listening/sentiment?bucket=day&points=3', agent)).statusCode).toBe(
      403,
    );
    const lead = await signIn(app, runtime, 'lead');
    const sentiment = await get('/api/v1/listening/sentiment?bucket=day&points=3', lead);
    expect(sentiment.statusCode).toBe(200);
    const account = sentiment.json().data[0];
    expect(account.channel_account.handle).toBe('AcmeSupport');
    const point = account.points.at(-1);
    // The classify stage ran, so the day's messages are counted by sentiment.
    expect(point.negative + point.neutral + point.positive + point.unknown).toBeGreaterThan(0);
    expect(
      (await send('PATCH', '/api/v1/listening/themes/1', { label: 'x' }, agent)).statusCode,
    ).toBe(403);
    expect(
      (await send('PATCH', '/api/v1/listening/themes/999999', { label: 'x' })).statusCode,
    ).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/api/v1/listening/themes' })).statusCode).toBe(
      401,
    );
  });
});
