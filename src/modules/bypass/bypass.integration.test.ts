import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHearken } from '../../../test/process-helpers.js';
import { conversationIdOf, message } from '../../test/fixtures.js';
import { type SignedIn, signIn, testApp } from '../../test/http.js';
import { createTestRuntime, type TestRuntime } from '../../test/test-runtime.js';
import type { InboundMessage } from '../ingest/index.js';
import { acceptInbound } from '../ingest/index.js';

const hour = 3_600_000;
/** A Monday, so the weeks of the report are easy to read. */
const t0 = Date.parse('2026-02-02T09:00:00Z');
const at = (hours: number) => new Date(t0 + hours * hour).toISOString();

let runtime: TestRuntime;
let app: FastifyInstance;
let agent: SignedIn;

const email = (handle: string, hours: number, overrides: Partial<InboundMessage> = {}) =>
  message({
    channel: 'email',
    channel_account: 'support@acme.example',
    author: { handle, name: handle.split('@')[0] as string },
    text: 'Hello, my parcel has not arrived, can you check?',
    created_at: at(hours),
    ...overrides,
  });
const social = (channel: string, handle: string, hours: number) =>
  message({
    channel,
    channel_account: 'AcmeSupport',
    author: { handle, name: handle },
    text: 'Still waiting on my parcel, nobody answers',
    created_at: at(hours),
  });

async function ingest(...messages: InboundMessage[]) {
  await acceptInbound(runtime.database, runtime.organisationId, messages, 'test');
  await runtime.worker.drain();
}

async function contactOf(externalId: string): Promise<number> {
  const row = await runtime.database.db
    .selectFrom('messages')
    .select('author_contact_id')
    .where('external_id', '=', externalId)
    .executeTakeFirstOrThrow();
  return row.author_contact_id as number;
}

async function merge(into: InboundMessage, from: InboundMessage) {
  const response = await app.inject({
    method: 'POST',
    url: `/api/v1/contacts/${await contactOf(into.external_id)}/merge`,
    headers: { cookie: agent.cookie, 'x-csrf-token': agent.csrf },
    payload: { contact_id: await contactOf(from.external_id) },
  });
  expect(response.statusCode).toBe(200);
}

async function resolve(inbound: InboundMessage) {
  const id = await conversationIdOf(runtime.database.db, inbound.external_id);
  const response = await app.inject({
    method: 'PATCH',
    url: `/api/v1/conversations/${id}`,
    headers: { cookie: agent.cookie, 'x-csrf-token': agent.csrf },
    payload: { status: 'resolved' },
  });
  expect(response.statusCode).toBe(200);
}

async function bypassOf(inbound: InboundMessage) {
  const id = await conversationIdOf(runtime.database.db, inbound.external_id);
  return runtime.database.db
    .selectFrom('conversation_bypasses')
    .selectAll()
    .where('conversation_id', '=', id)
    .executeTakeFirst();
}

const scenario = {
  janeEmail: email('jane@example.com', 0),
  janeWidget: message({
    channel: 'widget',
    channel_account: 'acme-site',
    author: { handle: 'Jane@Example.com', name: 'Jane' },
    text: 'Following up on my e-mail',
    created_at: at(1),
  }),
  janeEarlyTweet: social('twitter', 'jane_tw', -10),
  janeTweet: social('twitter', 'jane_tw', 50),
  bobEmail: email('bob@example.com', 0),
  bobSky: social('bluesky', 'bob.bsky.social', 5),
  bobSkyLater: social('bluesky', 'bob.bsky.social', 20),
  carolEmail: email('carol@example.com', 0),
  carolTweet: social('twitter', 'carol_tw', 2),
  carolTweetLater: social('twitter', 'carol_tw', 72),
  daveTweet: social('twitter', 'dave_tw', 0),
  daveTweetLater: social('twitter', 'dave_tw', 200),
};

beforeAll(async () => {
  // Bluesky gets a threshold of its own (12 h); twitter the default 24 h.
  runtime = await createTestRuntime({ bypassSocialChannels: 'twitter,bluesky:12' });
  app = await testApp(runtime);
  agent = await signIn(app, runtime, 'agent');
  const s = scenario;
  await ingest(s.janeEarlyTweet, s.janeEmail, s.janeWidget, s.bobEmail, s.bobSky, s.carolEmail);
  await ingest(s.carolTweet, s.daveTweet);
  await merge(s.janeEmail, s.janeEarlyTweet);
  await merge(s.bobEmail, s.bobSky);
  await merge(s.carolEmail, s.carolTweet);
  await resolve(s.carolEmail);
  await ingest(s.janeTweet, s.bobSkyLater, s.carolTweetLater, s.daveTweetLater);
}, 60_000);

afterAll(async () => {
  await app.close();
  await runtime.close();
});

describe('identity across channels', () => {
  it('joins the same e-mail address on another channel to the same contact', async () => {
    expect(await contactOf(scenario.janeWidget.external_id)).toBe(
      await contactOf(scenario.janeEmail.external_id),
    );
    expect(await contactOf(scenario.bobSky.external_id)).not.toBe(
      await contactOf(scenario.carolTweet.external_id),
    );
  });
});

describe('social bypass', () => {
  it('flags a social conversation while an older one elsewhere is unresolved, and raises it', async () => {
    const flagged = await bypassOf(scenario.janeTweet);
    expect(flagged).toMatchObject({
      channel: 'twitter',
      earlier_conversation_id: await conversationIdOf(
        runtime.database.db,
        scenario.janeEmail.external_id,
      ),
      earlier_channel: 'email',
      earlier_age_ms: 50 * hour,
    });
    const conversation = await runtime.database.db
      .selectFrom('conversations')
      .select(['priority', 'priority_reason'])
      .where('id', '=', flagged?.conversation_id as number)
      .executeTakeFirstOrThrow();
    expect(conversation.priority).toBe('high');
    expect(conversation.priority_reason).toMatch(
      /^social bypass: email conversation #\d+ unresolved for 2 days$/,
    );
  });

  it("uses each channel kind's own threshold", async () => {
    // 20 h after the e-mail: past bluesky's 12 h, short of twitter's 24 h.
    expect(await bypassOf(scenario.bobSkyLater)).toMatchObject({ earlier_channel: 'email' });
    expect(await bypassOf(scenario.bobSky)).toBeUndefined();
  });

  it('leaves alone what is not bypass: resolved elsewhere, same channel, not social', async () => {
    expect(await bypassOf(scenario.carolTweetLater)).toBeUndefined();
    expect(await bypassOf(scenario.daveTweetLater)).toBeUndefined();
    expect(await bypassOf(scenario.janeEarlyTweet)).toBeUndefined();
    expect(await bypassOf(scenario.janeWidget)).toBeUndefined();
  });
});

interface RawConversation {
  id: number;
  contact: number;
  channel: string;
  start: number;
  status: string;
}

/**
 * The definition of docs/metrics.md, computed again from the stored conversations with none of
 * the bypass module's code: a social conversation counts when, at its first message, the same
 * contact had an unresolved conversation on another channel at least the threshold older.
 */
function recompute(rows: RawConversation[], thresholds: Record<string, number>) {
  const perChannel: Record<string, { conversations: number; bypassed: number }> = {};
  for (const row of rows) {
    const threshold = thresholds[row.channel];
    if (threshold === undefined) continue;
    const bypassed = rows.some(
      (other) =>
        other.contact === row.contact &&
        other.channel !== row.channel &&
        other.status !== 'resolved' &&
        row.start - other.start >= threshold,
    );
    const slot = perChannel[row.channel] ?? { conversations: 0, bypassed: 0 };
    slot.conversations += 1;
    slot.bypassed += bypassed ? 1 : 0;
    perChannel[row.channel] = slot;
  }
  return perChannel;
}

describe('the bypass report', () => {
  it('matches a recomputation from the stored conversations', async () => {
    const raw = await runtime.database.db
      .selectFrom('messages')
      .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
      .select([
        'conversations.id',
        'conversations.contact_id',
        'messages.channel',
        'messages.created_at',
        'conversations.status',
      ])
      .where('messages.direction', '=', 'inbound')
      .execute();
    const rows: RawConversation[] = raw.map((row) => ({
      id: row.id,
      contact: row.contact_id as number,
      channel: row.channel,
      start: row.created_at,
      status: row.status,
    }));
    const expected = recompute(rows, { twitter: 24 * hour, bluesky: 12 * hour });
    const response = await app.inject({
      method: 'GET',
      url: '/api/v1/reports/bypass?from=2026-01-26&to=2026-03-01',
      headers: { cookie: (await signIn(app, runtime, 'analyst')).cookie },
    });
    expect(response.statusCode).toBe(200);
    const report = response.json();
    const byChannel = Object.fromEntries(
      report.by_channel.map((row: { channel: string; conversations: number; bypassed: number }) => [
        row.channel,
        { conversations: row.conversations, bypassed: row.bypassed },
      ]),
    );
    expect(byChannel).toEqual(expected);
    expect(report.total).toEqual({ conversations: 8, bypassed: 2, rate: 0.25 });
    expect(report.from_channels).toEqual([{ channel: 'email', bypassed: 2, share: 1 }]);
    // Weeks start on Monday (UTC): the Sunday-night tweet falls in the week before.
    expect(report.by_week.map((row: { week_start: string }) => row.week_start)).toEqual([
      '2026-01-26',
      '2026-02-02',
      '2026-02-09',
    ]);
    const csv = await app.inject({
      method: 'GET',
      url: '/api/v1/reports/bypass?from=2026-01-26&to=2026-03-01&format=csv',
      headers: { cookie: (await signIn(app, runtime, 'lead')).cookie },
    });
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\r\n')[0]).toBe('dimension,key,label,conversations,bypassed,rate');
    expect(csv.body).toContain('channel,bluesky,bluesky,2,1,0.5');
    expect(
      (
        await app.inject({
          method: 'GET',
          url: '/api/v1/reports/bypass',
          headers: { cookie: agent.cookie },
        })
      ).statusCode,
    ).toBe(403);
  });
});

describe('hearken report bypass', () => {
  it('prints the same figures as JSON', async () => {
    const finished = await runHearken(['report', 'bypass', '--json', '--from', '2026-01-26'], {
      ...runtime.childEnvironment,
      HEARKEN_BYPASS_SOCIAL_CHANNELS: 'twitter,bluesky:12',
    });
    expect(finished.code, finished.stderr).toBe(0);
    const report = JSON.parse(finished.stdout);
    expect(report.definitions).toContain('docs/metrics.md');
    expect(report.total).toEqual({ conversations: 8, bypassed: 2, rate: 0.25 });
    expect(report.social_channels).toEqual(['twitter', 'bluesky']);
  }, 60_000);
});
