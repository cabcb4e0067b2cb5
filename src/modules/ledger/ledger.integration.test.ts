import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { message } from '../../test/fixtures.js';
import { apiToken, type SignedIn, signIn, testApp, testPassword } from '../../test/http.js';
import { topics } from '../../test/listening-fixtures.js';
import { createTestRuntime, type TestRuntime } from '../../test/test-runtime.js';
import { createUser } from '../auth/index.js';
import { foldDecisionEvents } from './decision-states.js';

/**
 * The ledger through its API: feedback linked from messages, themes and phone calls to
 * decisions; decisions moved through their states with every step kept as an event; merges and
 * splits that carry their links; and everything scoped to the organisation and the role.
 */
let runtime: TestRuntime;
let app: FastifyInstance;
let agent: SignedIn;
let lead: SignedIn;
let analyst: SignedIn;
let token: string;

beforeAll(async () => {
  runtime = await createTestRuntime();
  app = await testApp(runtime);
  agent = await signIn(app, runtime, 'agent');
  lead = await signIn(app, runtime, 'lead');
  analyst = await signIn(app, runtime, 'analyst');
  token = await apiToken(runtime, ['inbound:write']);
});
afterAll(async () => {
  await app.close();
  await runtime.close();
});

const as = (who: SignedIn) => ({ cookie: who.cookie, 'x-csrf-token': who.csrf });

async function call(
  who: SignedIn,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  payload?: object,
) {
  return app.inject({ method, url, headers: as(who), ...(payload ? { payload } : {}) });
}

/** Customers' messages (one customer each), ingested and processed; returns their message ids. */
async function customerMessages(texts: string[]): Promise<number[]> {
  const suffix = Math.random().toString(36).slice(2);
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/inbound',
    headers: { authorization: `Bearer ${token}` },
    payload: {
      messages: texts.map((text, index) =>
        message({
          external_id: `ledger-${suffix}-${index}`,
          text,
          author: { handle: `customer_${suffix}_${index}`, name: `Customer ${index}` },
        }),
      ),
    },
  });
  expect(response.statusCode, response.body).toBe(202);
  await runtime.worker.drain();
  const rows = await runtime.database.db
    .selectFrom('messages')
    .select(['id', 'external_id'])
    .where('external_id', 'like', `ledger-${suffix}-%`)
    .execute();
  return texts.map((_, index) => {
    const row = rows.find((candidate) => candidate.external_id === `ledger-${suffix}-${index}`);
    if (!row) throw new Error(`message ${index} was not stored`);
    return row.id;
  });
}

async function newDecision(title: string, who: SignedIn = lead): Promise<number> {
  const response = await call(who, 'POST', '/api/v1/decisions', {
    title,
    public_description: 'What we are looking at',
  });
  expect(response.statusCode, response.body).toBe(201);
  expect(response.json()).toMatchObject({ title, state: 'received', feedback_count: 0 });
  return response.json().id as number;
}

async function detail(id: number) {
  const response = await call(lead, 'GET', `/api/v1/decisions/${id}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

describe('the ledger', () => {
  it('links three customers’ messages to a decision once, however often they are linked', async () => {
    const messages = await customerMessages([
      'the new monthly fee is outrageous',
      'I will close my account over this fee',
      'please drop the monthly fee for students',
    ]);
    const id = await newDecision('Monthly account fee');
    const linked = await call(agent, 'POST', `/api/v1/decisions/${id}/feedback`, {
      message_ids: messages,
    });
    expect(linked.statusCode, linked.body).toBe(200);
    expect(linked.json()).toEqual({ linked: 3, already_linked: 0, feedback_count: 3 });
    const again = await call(agent, 'POST', `/api/v1/decisions/${id}/feedback`, {
      message_ids: messages.slice(0, 2),
    });
    expect(again.json()).toEqual({ linked: 0, already_linked: 2, feedback_count: 3 });

    const { decision, events } = await detail(id);
    expect(decision).toMatchObject({ feedback_count: 3, people_count: 3 });
    expect(events.map((event: { kind: string }) => event.kind)).toEqual([
      'created',
      'feedback_linked',
    ]);

    const feedback = (await call(lead, 'GET', `/api/v1/decisions/${id}/feedback`)).json().data;
    expect(feedback.map((item: { text: string }) => item.text).sort()).toEqual(
      [
        'I will close my account over this fee',
        'please drop the monthly fee for students',
        'the new monthly fee is outrageous',
      ].sort(),
    );
    expect(
      feedback.every(
        (item: { via: string; conversation_id: number }) =>
          item.via === 'message' && item.conversation_id > 0,
      ),
    ).toBe(true);

    // The conversation view asks which decisions a message belongs to.
    const ofMessage = await call(agent, 'GET', `/api/v1/messages/${messages[0]}/decisions`);
    expect(ofMessage.json().data).toEqual([
      { id, title: 'Monthly account fee', state: 'received' },
    ]);

    // A feedback item is shared, not copied: the same message linked to a second decision.
    const other = await newDecision('Student accounts');
    await call(agent, 'POST', `/api/v1/decisions/${other}/feedback`, {
      message_ids: [messages[2]],
    });
    const items = await runtime.database.db
      .selectFrom('feedback_items')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('source_id', 'in', messages)
      .executeTakeFirstOrThrow();
    expect(Number(items.count)).toBe(3);
  });

  it('moves a decision through its states, keeping every step as an event it can be rebuilt from', async () => {
    const id = await newDecision('Overdraft fee on student accounts');
    const step = (to: string, extra: object = {}) =>
      call(lead, 'POST', `/api/v1/decisions/${id}/transitions`, { to, ...extra });

    expect(
      (await step('acknowledged', { public_note: 'We hear you', publish: true })).statusCode,
    ).toBe(200);
    const undecided = await step('decided');
    expect(undecided.statusCode).toBe(409);
    expect(undecided.json().error.code).toBe('decision_transition_invalid');
    expect((await step('decided', { outcome: 'will_change' })).json()).toMatchObject({
      state: 'decided',
      outcome: 'will_change',
    });
    expect(
      (await step('shipped', { public_note: 'The fee is gone', publish: true })).json().state,
    ).toBe('shipped');
    const back = await step('in_progress');
    expect(back.statusCode).toBe(409);

    const reopened = await call(lead, 'POST', `/api/v1/decisions/${id}/reopen`, {
      reason: 'customers say they are still charged',
    });
    expect(reopened.json()).toMatchObject({ state: 'under_consideration', outcome: null });
    expect((await step('decided', { outcome: 'will_not_change' })).json().error.message).toMatch(
      /reason/,
    );
    expect(
      (await step('decided', { outcome: 'will_not_change', reason: 'regulation' })).statusCode,
    ).toBe(200);

    const { decision, events } = await detail(id);
    expect(foldDecisionEvents(events)).toEqual({
      state: decision.state,
      outcome: decision.outcome,
    });
    expect(
      events.map((event: { kind: string; to_state: string | null; published: boolean }) => [
        event.kind,
        event.to_state,
        event.published,
      ]),
    ).toEqual([
      ['created', 'received', false],
      ['state_changed', 'acknowledged', true],
      ['state_changed', 'decided', false],
      ['state_changed', 'shipped', true],
      ['reopened', 'under_consideration', false],
      ['state_changed', 'decided', false],
    ]);
  });

  it('links a whole theme at once, through its messages', async () => {
    const fee = topics.fee.concat(topics.fee.map((text) => `${text} please`));
    const messages = await customerMessages(fee);
    const placed = await runtime.database.db
      .selectFrom('theme_messages')
      .select(['theme_id'])
      .where('message_id', 'in', messages)
      .where('theme_id', 'is not', null)
      .execute();
    expect(placed.length).toBeGreaterThan(0);
    const counts = new Map<number, number>();
    for (const row of placed)
      counts.set(row.theme_id ?? 0, (counts.get(row.theme_id ?? 0) ?? 0) + 1);
    const [themeId] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0] ?? [0];
    const inTheme = await runtime.database.db
      .selectFrom('theme_messages')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('theme_id', '=', themeId)
      .executeTakeFirstOrThrow();

    const id = await newDecision('Overdraft fees', analyst);
    const linked = await call(analyst, 'POST', `/api/v1/decisions/${id}/feedback`, {
      theme_id: themeId,
    });
    expect(linked.statusCode, linked.body).toBe(200);
    expect(linked.json().linked).toBe(Number(inTheme.count));
    const feedback = (await call(lead, 'GET', `/api/v1/decisions/${id}/feedback`)).json().data;
    expect(new Set(feedback.map((item: { via: string }) => item.via))).toEqual(
      new Set([`theme:${themeId}`]),
    );
  });

  it('suggests the decision whose feedback is a near-copy or in the same theme, and no other', async () => {
    const card = topics.card.concat(topics.card.map((text) => `${text} today`));
    const cardMessages = await customerMessages(card);
    const appMessages = await customerMessages(
      topics.app.concat(topics.app.map((text) => `${text} again`)),
    );
    const decision = await newDecision('Declined cards', analyst);
    await call(agent, 'POST', `/api/v1/decisions/${decision}/feedback`, {
      message_ids: cardMessages.slice(0, 4),
    });
    const [copy] = await customerMessages([card[1] as string]);
    const nearCopy = (
      await call(agent, 'GET', `/api/v1/messages/${copy}/decision-suggestions`)
    ).json();
    expect(nearCopy.data[0]).toMatchObject({ id: decision, reason: 'near_duplicate' });

    const sameTheme = (
      await call(agent, 'GET', `/api/v1/messages/${cardMessages[12]}/decision-suggestions`)
    ).json();
    expect(sameTheme.data.map((suggestion: { id: number }) => suggestion.id)).toContain(decision);

    const otherTopic = (
      await call(agent, 'GET', `/api/v1/messages/${appMessages[3]}/decision-suggestions`)
    ).json();
    expect(otherTopic.data.map((suggestion: { id: number }) => suggestion.id)).not.toContain(
      decision,
    );

    // Once linked, a decision is no longer suggested for that message.
    const linkedAlready = (
      await call(agent, 'GET', `/api/v1/messages/${cardMessages[0]}/decision-suggestions`)
    ).json();
    expect(linkedAlready.data.map((suggestion: { id: number }) => suggestion.id)).not.toContain(
      decision,
    );
  });

  it('records a phone call as manual feedback, refusing a time in the future', async () => {
    const id = await newDecision('Branch opening hours');
    const future = await call(agent, 'POST', `/api/v1/decisions/${id}/feedback`, {
      manual: { text: 'Caller asked for Saturday opening', said_at: '2999-01-01T00:00:00Z' },
    });
    expect(future.statusCode).toBe(400);
    const saved = await call(agent, 'POST', `/api/v1/decisions/${id}/feedback`, {
      manual: { text: 'Caller asked for Saturday opening', said_at: '2026-01-05T10:00:00Z' },
    });
    expect(saved.json()).toMatchObject({ linked: 1 });
    const [item] = (await call(lead, 'GET', `/api/v1/decisions/${id}/feedback`)).json().data;
    expect(item).toMatchObject({
      source_kind: 'manual',
      text: 'Caller asked for Saturday opening',
      said_at: '2026-01-05T10:00:00.000Z',
      via: 'manual',
    });
    const removed = await call(agent, 'DELETE', `/api/v1/decisions/${id}/feedback/${item.id}`);
    expect(removed.statusCode).toBe(204);
    expect((await detail(id)).decision.feedback_count).toBe(0);
    expect(
      (await call(agent, 'DELETE', `/api/v1/decisions/${id}/feedback/${item.id}`)).statusCode,
    ).toBe(404);
  });

  it('merges a duplicate decision with its links, and splits feedback off into a new one', async () => {
    const messages = await customerMessages([
      'card declined in the shop again',
      'why was my card declined abroad',
      'my card declined at the station',
    ]);
    const [first, second, third] = messages as [number, number, number];
    const duplicate = await newDecision('Card declines');
    const kept = await newDecision('Declined cards abroad');
    await call(agent, 'POST', `/api/v1/decisions/${duplicate}/feedback`, {
      message_ids: [first, second],
    });
    await call(agent, 'POST', `/api/v1/decisions/${kept}/feedback`, {
      message_ids: [second, third],
    });

    const merged = await call(lead, 'POST', `/api/v1/decisions/${duplicate}/merge`, {
      into_id: kept,
      reason: 'same problem',
    });
    expect(merged.statusCode, merged.body).toBe(200);
    expect(merged.json()).toMatchObject({ id: kept, feedback_count: 3 });
    const gone = await detail(duplicate);
    expect(gone.decision).toMatchObject({
      state: 'merged',
      merged_into_id: kept,
      feedback_count: 0,
    });
    const afterMerge = await call(lead, 'POST', `/api/v1/decisions/${duplicate}/transitions`, {
      to: 'acknowledged',
    });
    expect(afterMerge.statusCode).toBe(409);
    expect(afterMerge.json().error.code).toBe('decision_merged');

    await call(lead, 'POST', `/api/v1/decisions/${kept}/transitions`, { to: 'acknowledged' });
    const items = (await call(lead, 'GET', `/api/v1/decisions/${kept}/feedback`)).json().data;
    const abroad = items.find((item: { source_id: number }) => item.source_id === second);
    const split = await call(lead, 'POST', `/api/v1/decisions/${kept}/split`, {
      title: 'Cards abroad',
      feedback_item_ids: [abroad.id],
    });
    expect(split.statusCode, split.body).toBe(201);
    expect(split.json()).toMatchObject({
      title: 'Cards abroad',
      state: 'acknowledged',
      feedback_count: 1,
    });
    expect((await detail(kept)).decision.feedback_count).toBe(2);
    const splitEvents = (await detail(split.json().id)).events;
    expect(foldDecisionEvents(splitEvents).state).toBe('acknowledged');

    const notLinked = await call(lead, 'POST', `/api/v1/decisions/${kept}/split`, {
      title: 'Nothing',
      feedback_item_ids: [abroad.id],
    });
    expect(notLinked.statusCode).toBe(400);
  });

  it('checks roles: agents link feedback but do not create or move decisions', async () => {
    const id = await newDecision('Role check');
    expect((await call(agent, 'POST', '/api/v1/decisions', { title: 'Mine' })).statusCode).toBe(
      403,
    );
    expect(
      (await call(agent, 'POST', `/api/v1/decisions/${id}/transitions`, { to: 'acknowledged' }))
        .statusCode,
    ).toBe(403);
    expect((await call(agent, 'GET', `/api/v1/decisions/${id}`)).statusCode).toBe(200);
    const bearer = await app.inject({
      method: 'GET',
      url: '/api/v1/decisions',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(bearer.statusCode).toBe(403);
  });

  it('refuses bad input with field errors and leaves nothing half-made', async () => {
    const before = await runtime.database.db
      .selectFrom('decisions')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    for (const body of [
      { title: '' },
      { title: '   ' },
      { title: 'x', owner_user_id: 9_007_199_254_740_991 },
      { title: 'x', team_id: 999_999 },
      { title: 'x', extra: true },
    ]) {
      const response = await call(lead, 'POST', '/api/v1/decisions', body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
    }
    const id = await newDecision('Valid');
    expect((await call(agent, 'POST', `/api/v1/decisions/${id}/feedback`, {})).statusCode).toBe(
      400,
    );
    expect(
      (
        await call(agent, 'POST', `/api/v1/decisions/${id}/feedback`, {
          message_ids: [999_999_999],
        })
      ).statusCode,
    ).toBe(400);
    const after = await runtime.database.db
      .selectFrom('decisions')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    expect(Number(after.count)).toBe(Number(before.count) + 1);
  });

  it('keeps each organisation’s ledger to itself', async () => {
    const id = await newDecision('Private to us');
    const [ours] = await customerMessages(['our customer complains about the fee']);
    const otherOrganisation = await runtime.database.db
      .insertInto('organisations')
      .values({ name: 'Other', settings: '{}', created_at: Date.now() })
      .returning('id')
      .executeTakeFirstOrThrow();
    const email = `other-lead-${Math.random().toString(36).slice(2)}@example.com`;
    await createUser(
      runtime,
      otherOrganisation.id,
      { email, name: 'Other lead', role: 'lead', password: testPassword },
      null,
    );
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password: testPassword },
    });
    const cookie = login.cookies.find((candidate) => candidate.name === 'hearken_session');
    const outsider: SignedIn = {
      cookie: `hearken_session=${cookie?.value}`,
      csrf: login.json().csrf_token,
    };
    expect((await call(outsider, 'GET', `/api/v1/decisions/${id}`)).statusCode).toBe(404);
    expect((await call(outsider, 'GET', `/api/v1/decisions/${id}/feedback`)).statusCode).toBe(404);
    expect(
      (await call(outsider, 'POST', `/api/v1/decisions/${id}/transitions`, { to: 'acknowledged' }))
        .statusCode,
    ).toBe(404);
    const list = (await call(outsider, 'GET', '/api/v1/decisions')).json().data;
    expect(list.some((decision: { id: number }) => decision.id === id)).toBe(false);
    const theirs = (await call(outsider, 'POST', '/api/v1/decisions', { title: 'Theirs' })).json()
      .id;
    const stolen = await call(outsider, 'POST', `/api/v1/decisions/${theirs}/feedback`, {
      message_ids: [ours],
    });
    expect(stolen.statusCode).toBe(400);
    expect((await call(outsider, 'GET', `/api/v1/messages/${ours}/decisions`)).json().data).toEqual(
      [],
    );
    expect(
      (await call(outsider, 'POST', `/api/v1/decisions/${theirs}/merge`, { into_id: id }))
        .statusCode,
    ).toBe(404);
  });

  it('pages the list newest first and filters it by state', async () => {
    const ids = [
      await newDecision('Page A'),
      await newDecision('Page B'),
      await newDecision('Page C'),
    ];
    await call(lead, 'POST', `/api/v1/decisions/${ids[1]}/transitions`, { to: 'acknowledged' });
    const first = (await call(lead, 'GET', '/api/v1/decisions?limit=2')).json();
    expect(first.data.map((decision: { id: number }) => decision.id)).toEqual([ids[2], ids[1]]);
    const next = (
      await call(lead, 'GET', `/api/v1/decisions?limit=2&cursor=${first.next_cursor}`)
    ).json();
    expect(next.data[0].id).toBe(ids[0]);
    const acknowledged = (
      await call(lead, 'GET', '/api/v1/decisions?state=acknowledged&limit=200')
    ).json();
    expect(acknowledged.data.some((decision: { id: number }) => decision.id === ids[1])).toBe(true);
    expect(
      acknowledged.data.every((decision: { state: string }) => decision.state === 'acknowledged'),
    ).toBe(true);
  });
});
