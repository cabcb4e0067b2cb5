import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRuntime, type Runtime } from '../../cli/runtime.js';
import { message } from '../../test/fixtures.js';
import { apiToken, type SignedIn, signIn, testApp } from '../../test/http.js';
import { createTestRuntime, type TestRuntime, usingPostgres } from '../../test/test-runtime.js';
import type { ClientEvent } from './live.schema.js';

let runtime: TestRuntime;
let app: FastifyInstance;
let baseUrl: string;
let agent: SignedIn;
let colleague: SignedIn;
let conversationId: number;

beforeAll(async () => {
  runtime = await createTestRuntime();
  app = await testApp(runtime);
  baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  agent = await signIn(app, runtime, 'agent');
  colleague = await signIn(app, runtime, 'agent');
  const token = await apiToken(runtime, ['inbound:write']);
  await app.inject({
    method: 'POST',
    url: '/api/v1/inbound',
    headers: { authorization: `Bearer ${token}` },
    payload: message({ text: 'Live test parcel 1200' }),
  });
  await runtime.worker.drain();
  const list = await app.inject({
    method: 'GET',
    url: '/api/v1/conversations',
    headers: { cookie: agent.cookie },
  });
  conversationId = list.json().data[0].id;
});
afterAll(async () => {
  await app.close();
  await runtime.close();
});

/** Reads an SSE stream until `predicate` matches an event, or fails after a few seconds. */
async function openStream(url: string, cookie: string) {
  const controller = new AbortController();
  const response = await fetch(`${url}/api/v1/live`, {
    headers: { cookie },
    signal: controller.signal,
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  const received: ClientEvent[] = [];
  let buffer = '';
  const pump = (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          for (const line of block.split('\n')) {
            if (line.startsWith('data: ')) received.push(JSON.parse(line.slice(6)) as ClientEvent);
          }
          end = buffer.indexOf('\n\n');
        }
      }
    } catch {
      // aborted
    }
  })();
  return {
    async waitFor(predicate: (event: ClientEvent) => boolean): Promise<ClientEvent> {
      const deadline = Date.now() + 5000;
      while (Date.now() < deadline) {
        const found = received.find(predicate);
        if (found) return found;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      throw new Error(`event not received; got ${JSON.stringify(received)}`);
    },
    async close() {
      controller.abort();
      await pump;
    },
  };
}

const as = (who: SignedIn) => ({ cookie: who.cookie, 'x-csrf-token': who.csrf });

describe('live updates over Server-Sent Events', () => {
  it('refuses anonymous streams', async () => {
    const response = await fetch(`${baseUrl}/api/v1/live`);
    expect(response.status).toBe(401);
  });

  it('streams new messages, changes and presence of the organisation', async () => {
    const stream = await openStream(baseUrl, agent.cookie);
    await stream.waitFor((event) => event.type === 'ready');
    const presence = await app.inject({
      method: 'PUT',
      url: `/api/v1/conversations/${conversationId}/presence`,
      headers: as(colleague),
      payload: { state: 'typing' },
    });
    expect(presence.json().viewers).toEqual([
      expect.objectContaining({ name: 'Test agent', state: 'typing' }),
    ]);
    await stream.waitFor(
      (event) =>
        event.type === 'presence' &&
        event.conversationId === conversationId &&
        event.viewers.some((viewer) => viewer.state === 'typing'),
    );
    await app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversationId}/messages`,
      headers: as(colleague),
      payload: { kind: 'reply', text: 'On its way.' },
    });
    await stream.waitFor(
      (event) =>
        event.type === 'message.created' &&
        event.conversationId === conversationId &&
        event.direction === 'outbound',
    );
    await app.inject({
      method: 'PATCH',
      url: `/api/v1/conversations/${conversationId}`,
      headers: as(agent),
      payload: { status: 'resolved' },
    });
    await stream.waitFor(
      (event) => event.type === 'conversation.updated' && event.changes.includes('status'),
    );
    await app.inject({
      method: 'DELETE',
      url: `/api/v1/conversations/${conversationId}/presence`,
      headers: as(colleague),
    });
    await stream.waitFor(
      (event) =>
        event.type === 'presence' &&
        event.conversationId === conversationId &&
        event.viewers.length === 0,
    );
    await stream.close();
  });

  it.runIf(usingPostgres)(
    'delivers events made by another Hearken process on the same database (LISTEN/NOTIFY)',
    async () => {
      const other: Runtime = await openRuntime({
        config: runtime.config,
        ...(runtime.postgresSchema ? { postgresSchema: runtime.postgresSchema } : {}),
      });
      const otherApp = await testApp(other as TestRuntime);
      const otherUrl = await otherApp.listen({ port: 0, host: '127.0.0.1' });
      try {
        const stream = await openStream(otherUrl, agent.cookie);
        await stream.waitFor((event) => event.type === 'ready');
        // The first process changes things; the stream is served by the second.
        await app.inject({
          method: 'PUT',
          url: `/api/v1/conversations/${conversationId}/presence`,
          headers: as(colleague),
          payload: { state: 'viewing' },
        });
        await stream.waitFor(
          (event) => event.type === 'presence' && event.viewers.some((v) => v.state === 'viewing'),
        );
        const sent = await app.inject({
          method: 'POST',
          url: `/api/v1/conversations/${conversationId}/messages`,
          headers: as(colleague),
          payload: { kind: 'note', text: 'Cross-process note.' },
        });
        await stream.waitFor(
          (event) => event.type === 'note.created' && event.messageId === sent.json().message_id,
        );
        await stream.close();
      } finally {
        await otherApp.close();
        await other.close();
      }
    },
  );
});
