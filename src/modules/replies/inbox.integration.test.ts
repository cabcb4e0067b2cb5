import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webAppBuilt } from '../../server/web-app.js';
import { message } from '../../test/fixtures.js';
import { apiToken, type SignedIn, signIn, testApp } from '../../test/http.js';
import { createTestRuntime, type TestRuntime } from '../../test/test-runtime.js';

let runtime: TestRuntime;
let app: FastifyInstance;
let agent: SignedIn;
let colleague: SignedIn;
let lead: SignedIn;
let token: string;

beforeAll(async () => {
  runtime = await createTestRuntime();
  app = await testApp(runtime);
  agent = await signIn(app, runtime, 'agent');
  colleague = await signIn(app, runtime, 'agent');
  lead = await signIn(app, runtime, 'lead');
  token = await apiToken(runtime, ['inbound:write']);
});
afterAll(async () => {
  await app.close();
  await runtime.close();
});

const as = (who: SignedIn) => ({ cookie: who.cookie, 'x-csrf-token': who.csrf });

/** One API call as a signed-in user, with the CSRF token the web app sends on writes. */
const send = (
  who: SignedIn,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH',
  url: string,
  payload?: Record<string, unknown>,
) => app.inject({ method, url, headers: as(who), ...(payload ? { payload } : {}) });

async function inboundConversation(text: string, handle = `c${Math.random()}`): Promise<number> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/inbound',
    headers: { authorization: `Bearer ${token}` },
    payload: message({ text, author: { handle, name: 'Robin Fixture' } }),
  });
  expect(response.statusCode).toBe(202);
  await runtime.worker.drain();
  const list = await send(agent, 'GET', `/api/v1/conversations?q=${encodeURIComponent(text)}`);
  const id = list.json().data[0]?.id;
  expect(id).toBeTypeOf('number');
  return id as number;
}

async function detail(id: number) {
  return (
    await app.inject({ method: 'GET', url: `/api/v1/conversations/${id}`, headers: as(agent) })
  ).json();
}

describe('replies and notes', () => {
  it('stores a reply as an outbound message, queues it in the outbox and records history', async () => {
    const id = await inboundConversation('Where is parcel 4411?');
    const before = await detail(id);
    const lastSeen = before.messages.at(-1).id;
    const sent = await send(agent, 'POST', `/api/v1/conversations/${id}/messages`, {
      kind: 'reply',
      text: 'It left the depot today.',
      last_seen_message_id: lastSeen,
    });
    expect(sent.statusCode).toBe(201);
    expect(sent.json().delivery).toMatchObject({ status: 'queued', attempts: 0 });
    const after = await detail(id);
    expect(after.messages).toHaveLength(2);
    expect(after.messages[1]).toMatchObject({
      direction: 'outbound',
      private_note: false,
      text: 'It left the depot today.',
      author: { name: 'Test agent', handle: 'AcmeSupport' },
    });
    expect(after.conversation.message_count).toBe(2);
    expect(after.conversation.last_outbound_at).toBe(after.messages[1].created_at);
    const deliveries = await send(agent, 'GET', `/api/v1/conversations/${id}/deliveries`);
    expect(deliveries.json().data).toEqual([
      expect.objectContaining({ message_id: sent.json().message_id, status: 'queued' }),
    ]);
    const history = await runtime.database.db
      .selectFrom('conversation_events')
      .select(['type', 'data'])
      .where('conversation_id', '=', id)
      .execute();
    expect(history.map((event) => event.type)).toContain('replied');
  });

  it('answers 409 conflict when someone replied after the last message seen, unless forced', async () => {
    const id = await inboundConversation('My invoice 991 is wrong');
    const lastSeen = (await detail(id)).messages.at(-1).id;
    const first = await send(colleague, 'POST', `/api/v1/conversations/${id}/messages`, {
      kind: 'reply',
      text: 'Looking into it.',
      last_seen_message_id: lastSeen,
    });
    expect(first.statusCode).toBe(201);
    const late = await send(agent, 'POST', `/api/v1/conversations/${id}/messages`, {
      kind: 'reply',
      text: 'I am on it.',
      last_seen_message_id: lastSeen,
    });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('conflict');
    expect(late.json().error.message).toContain('Test agent replied');
    // A note is not a reply to the customer: no collision check.
    const note = await send(agent, 'POST', `/api/v1/conversations/${id}/messages`, {
      kind: 'note',
      text: 'Customer is on the annual plan.',
      last_seen_message_id: lastSeen,
    });
    expect(note.statusCode).toBe(201);
    expect(note.json().delivery).toBeNull();
    const forced = await send(agent, 'POST', `/api/v1/conversations/${id}/messages`, {
      kind: 'reply',
      text: 'I am on it.',
      last_seen_message_id: lastSeen,
      force: true,
    });
    expect(forced.statusCode).toBe(201);
    const messages = (await detail(id)).messages;
    expect(messages.map((item: { private_note: boolean }) => item.private_note)).toEqual([
      false,
      false,
      true,
      false,
    ]);
  });

  it('refuses blank text, unknown conversations and writes without CSRF', async () => {
    const id = await inboundConversation('Blank test 77');
    const blank = await send(agent, 'POST', `/api/v1/conversations/${id}/messages`, {
      kind: 'reply',
      text: '   ',
    });
    expect(blank.statusCode).toBe(400);
    const missing = await send(agent, 'POST', '/api/v1/conversations/999999/messages', {
      kind: 'note',
      text: 'x',
    });
    expect(missing.statusCode).toBe(404);
    const noCsrf = await app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${id}/messages`,
      headers: { cookie: agent.cookie },
      payload: { kind: 'note', text: 'x' },
    });
    expect(noCsrf.statusCode).toBe(403);
  });
});

describe('labels', () => {
  it('lets leads create labels, agents apply them, and the list filter by them', async () => {
    const id = await inboundConversation('Refund for order 5012');
    const denied = await send(agent, 'POST', '/api/v1/labels', { name: 'refund' });
    expect(denied.statusCode).toBe(403);
    const created = await send(lead, 'POST', '/api/v1/labels', { name: 'Refund', colour: 'amber' });
    expect(created.statusCode).toBe(201);
    const duplicate = await send(lead, 'POST', '/api/v1/labels', { name: 'refund' });
    expect(duplicate.statusCode).toBe(409);
    const labelId = created.json().id;
    const applied = await send(agent, 'PUT', `/api/v1/conversations/${id}/labels`, {
      label_ids: [labelId],
    });
    expect(applied.json().data).toEqual([{ id: labelId, name: 'Refund', colour: 'amber' }]);
    const unknown = await send(agent, 'PUT', `/api/v1/conversations/${id}/labels`, {
      label_ids: [labelId, 424242],
    });
    expect(unknown.statusCode).toBe(400);
    const filtered = await send(agent, 'GET', `/api/v1/conversations?label_id=${labelId}`);
    expect(filtered.json().data.map((row: { id: number }) => row.id)).toEqual([id]);
    expect(filtered.json().data[0].labels).toEqual([
      { id: labelId, name: 'Refund', colour: 'amber' },
    ]);
    expect((await detail(id)).conversation.labels).toHaveLength(1);
  });
});

describe('conversation list orders and filters', () => {
  it('sorts by priority and by waiting time, paging by offset', async () => {
    const urgent = await inboundConversation('Urgent one 8801');
    await send(agent, 'PATCH', `/api/v1/conversations/${urgent}`, { priority: 'urgent' });
    const byPriority = await send(agent, 'GET', '/api/v1/conversations?sort=priority&limit=1');
    expect(byPriority.json().data[0].id).toBe(urgent);
    const next = await send(
      agent,
      'GET',
      `/api/v1/conversations?sort=priority&limit=1&cursor=${byPriority.json().next_cursor}`,
    );
    expect(next.json().data[0].id).not.toBe(urgent);
    const onlyUrgent = await send(agent, 'GET', '/api/v1/conversations?priority=urgent');
    expect(onlyUrgent.json().data.map((row: { id: number }) => row.id)).toEqual([urgent]);
    const waiting = await send(agent, 'GET', '/api/v1/conversations?sort=waiting&limit=200');
    const rows = waiting.json().data as {
      last_inbound_at: string;
      last_outbound_at: string | null;
    }[];
    const firstAnswered = rows.findIndex(
      (row) => row.last_outbound_at !== null && row.last_outbound_at > row.last_inbound_at,
    );
    expect(firstAnswered).toBeGreaterThan(0);
    expect(rows.slice(firstAnswered).every((row) => row.last_outbound_at !== null)).toBe(true);
  });
});

describe('canned replies', () => {
  it('fills in the contact, the agent and the conversation', async () => {
    const id = await inboundConversation('Password reset 3030', 'robin_fixture');
    const bad = await send(lead, 'POST', '/api/v1/canned-replies', {
      shortcut: 'hi',
      title: 'Greeting',
      body: 'Hi {{contact.nmae}}',
    });
    expect(bad.statusCode).toBe(400);
    const created = await send(lead, 'POST', '/api/v1/canned-replies', {
      shortcut: 'hi',
      title: 'Greeting',
      body: 'Hi {{contact.name}}, {{agent.name}} here (case {{conversation.id}}).',
    });
    expect(created.statusCode).toBe(201);
    const rendered = await send(
      agent,
      'POST',
      `/api/v1/canned-replies/${created.json().id}/render`,
      { conversation_id: id },
    );
    expect(rendered.json().text).toBe(`Hi Robin Fixture, Test agent here (case ${id}).`);
    const list = await send(agent, 'GET', '/api/v1/canned-replies');
    expect(list.json().data.map((row: { shortcut: string }) => row.shortcut)).toEqual(['hi']);
  });
});

describe('web app routes', () => {
  it('keeps JSON 404s for unknown API paths and files', async () => {
    const api = await app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(api.statusCode).toBe(404);
    expect(api.json().error.code).toBe('not_found');
    const file = await app.inject({ method: 'GET', url: '/assets/missing.js' });
    expect(file.statusCode).toBe(404);
  });
});

describe.runIf(webAppBuilt())('the built web app', () => {
  it('serves the app for client-side routes, with a content security policy', async () => {
    for (const url of ['/', '/conversations/12']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toContain('text/html');
      expect(response.headers['content-security-policy']).toContain("script-src 'self'");
    }
  });
});
