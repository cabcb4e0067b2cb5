import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHearken } from '../../../test/process-helpers.js';
import { message } from '../../test/fixtures.js';
import { apiToken, type SignedIn, signIn, testApp } from '../../test/http.js';
import { createTestRuntime, type TestRuntime } from '../../test/test-runtime.js';
import { acceptInbound } from '../ingest/index.js';
import { correctionExamples } from './classification.service.js';

let runtime: TestRuntime;
let app: FastifyInstance;
let agent: SignedIn;
let token: string;

beforeAll(async () => {
  runtime = await createTestRuntime();
  app = await testApp(runtime);
  agent = await signIn(app, runtime, 'agent');
  token = await apiToken(runtime, ['conversations:read']);
});
afterAll(async () => {
  await app.close();
  await runtime.close();
});

async function ingestAndRead(...messages: ReturnType<typeof message>[]) {
  await acceptInbound(runtime.database, runtime.organisationId, messages, 'test');
  await runtime.worker.drain();
  const row = await runtime.database.db
    .selectFrom('messages')
    .select('conversation_id')
    .where(
      'external_id',
      '=',
      (messages[messages.length - 1] as { external_id: string }).external_id,
    )
    .executeTakeFirstOrThrow();
  const response = await app.inject({
    method: 'GET',
    url: `/api/v1/conversations/${row.conversation_id}`,
    headers: { authorization: `Bearer ${token}` },
  });
  return response.json();
}

describe('classification in the pipeline', () => {
  it('scores every message and records the model versions', async () => {
    const detail = await ingestAndRead(
      message({ text: 'Thank you so much, the new app is wonderful and works perfectly!' }),
    );
    const classification = detail.messages[0].classification;
    expect(classification.sentiment).toBe('positive');
    expect(classification.sentiment_score).toBeGreaterThan(0);
    expect(classification.language).toBe('en');
    expect(classification.model_versions).toMatch(/sentiment:\S+/);
    expect(classification.model_versions).toMatch(/intent:\S+/);
    expect(detail.conversation.priority).toBe('normal');
  });

  it('raises the priority of a customer about to leave, with the reason', async () => {
    const first = message({ text: 'Where is my card? It was supposed to arrive last week.' });
    const second = message({
      author: first.author,
      in_reply_to: first.external_id,
      text: 'This is the third time I ask. I am going to cancel my account and close everything.',
    });
    const detail = await ingestAndRead(first, second);
    expect(detail.conversation.priority).toBe('urgent');
    expect(detail.conversation.priority_reason).toMatch(/churn risk/);
    const history = await runtime.database.db
      .selectFrom('conversation_events')
      .select(['type', 'data'])
      .where('conversation_id', '=', detail.conversation.id)
      .where('type', '=', 'priority_changed')
      .execute();
    expect(history).toHaveLength(1);
    expect(JSON.parse(history[0]?.data as string)).toMatchObject({ from: 'normal', to: 'urgent' });
  });

  it('keeps an agent correction as a training example, and refuses unknown labels', async () => {
    const detail = await ingestAndRead(message({ text: 'ok' }));
    const messageId = detail.messages[0].id;
    const url = `/api/v1/messages/${messageId}/classification/sentiment`;
    const headers = { cookie: agent.cookie, 'x-csrf-token': agent.csrf };
    const bad = await app.inject({ method: 'PUT', url, headers, payload: { label: 'furious' } });
    expect(bad.statusCode).toBe(400);
    const good = await app.inject({ method: 'PUT', url, headers, payload: { label: 'negative' } });
    expect(good.statusCode).toBe(200);
    const again = await app.inject({ method: 'PUT', url, headers, payload: { label: 'neutral' } });
    expect(again.statusCode).toBe(200);
    const reread = await app.inject({
      method: 'GET',
      url: `/api/v1/conversations/${detail.conversation.id}`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(reread.json().messages[0].classification.corrections).toEqual({ sentiment: 'neutral' });
    const examples = await correctionExamples(runtime, runtime.organisationId, 'sentiment');
    expect(examples).toEqual([{ text: 'ok', label: 'neutral' }]);
    const missing = await app.inject({
      method: 'PUT',
      url: '/api/v1/messages/999999/classification/sentiment',
      headers,
      payload: { label: 'negative' },
    });
    expect(missing.statusCode).toBe(404);
  });
});

describe('training on corrections', () => {
  it('trains a model from the corrections and makes it the active one for every process', async () => {
    const texts = [
      ['the app keeps crashing and nobody answers', 'negative'],
      ['three weeks and still no card, useless', 'negative'],
      ['charged twice again, this is a joke', 'negative'],
      ['your support is terrible and slow', 'negative'],
      ['I waited an hour on the phone for nothing', 'negative'],
      ['thanks, that fixed it right away', 'positive'],
      ['great service, the new card arrived early', 'positive'],
      ['lovely people at the branch today', 'positive'],
      ['the update is fast and clean, well done', 'positive'],
      ['quick refund, much appreciated', 'positive'],
    ] as const;
    const headers = { cookie: agent.cookie, 'x-csrf-token': agent.csrf };
    for (const [text, label] of texts) {
      const detail = await ingestAndRead(message({ text }));
      const response = await app.inject({
        method: 'PUT',
        url: `/api/v1/messages/${detail.messages[0].id}/classification/sentiment`,
        headers,
        payload: { label },
      });
      expect(response.statusCode).toBe(200);
    }
    const modelFile = path.join(runtime.dataDir, 'corrections.model.json');
    const trained = await runHearken(
      [
        'train',
        'sentiment',
        '--from-corrections',
        '--out',
        modelFile,
        '--model-version',
        'sentiment-ours-1',
      ],
      runtime.childEnvironment,
    );
    expect(trained.code, trained.stderr).toBe(0);
    expect(trained.stdout).toContain('read 11 examples from the corrections');
    const activated = await runHearken(['models', 'activate', modelFile], runtime.childEnvironment);
    expect(activated.code, activated.stderr).toBe(0);
    const stored = await runtime.database.db
      .selectFrom('classifier_models')
      .select(['task', 'version', 'active'])
      .execute();
    expect(stored).toEqual([{ task: 'sentiment', version: 'sentiment-ours-1', active: 1 }]);
    const damaged = path.join(runtime.dataDir, 'damaged.model.json');
    fs.writeFileSync(damaged, '{"not": "a model"}');
    const refused = await runHearken(['models', 'activate', damaged], runtime.childEnvironment);
    expect(refused.code).toBe(1);
  });
});
