import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collectStats } from '../modules/admin/index.js';
import { acceptInbound } from '../modules/ingest/index.js';
import { message } from '../test/fixtures.js';
import { createTestRuntime, type TestRuntime } from '../test/test-runtime.js';

let runtime: TestRuntime;

beforeEach(async () => {
  runtime = await createTestRuntime();
});
afterEach(async () => {
  await runtime.close();
});

async function ingest(...messages: ReturnType<typeof message>[]) {
  const result = await acceptInbound(runtime.database, runtime.organisationId, messages, 'test');
  await runtime.worker.drain();
  return result;
}

async function conversationOf(externalId: string) {
  const row = await runtime.database.db
    .selectFrom('messages')
    .select('conversation_id')
    .where('external_id', '=', externalId)
    .executeTakeFirstOrThrow();
  return runtime.database.db
    .selectFrom('conversations')
    .selectAll()
    .where('id', '=', row.conversation_id)
    .executeTakeFirstOrThrow();
}

describe('ingest pipeline', () => {
  it('turns a first customer message into a contact, a conversation and a provisioned account', async () => {
    const first = message({
      channel_account: '@AcmeSupport',
      author: { handle: '@Jo', name: 'Jo' },
    });
    await ingest(first);
    const stats = await collectStats(runtime.database.db, runtime.organisationId);
    expect(stats).toMatchObject({
      contacts: 1,
      conversations: 1,
      messages: 1,
      channel_accounts: 1,
      jobs_pending: 0,
    });
    const conversation = await conversationOf(first.external_id);
    expect(conversation.status).toBe('open');
    expect(conversation.contact_id).not.toBeNull();
    const account = await runtime.database.db
      .selectFrom('channel_accounts')
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(account.handle).toBe('AcmeSupport');
    const team = await runtime.database.db
      .selectFrom('teams')
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(team.name).toBe('AcmeSupport');
    expect(conversation.team_id).toBe(team.id);
    // The same person again (handle differs only in case and @) is the same contact.
    await ingest(message({ author: { handle: 'jo' } }));
    expect((await collectStats(runtime.database.db, runtime.organisationId)).contacts).toBe(1);
  });

  it('threads a reply chain into one conversation in arrival order', async () => {
    const a = message();
    const b = message({
      direction: 'outbound',
      author: { handle: 'AcmeSupport' },
      in_reply_to: a.external_id,
    });
    const c = message({ author: a.author, in_reply_to: b.external_id });
    await ingest(a);
    await ingest(b);
    await ingest(c);
    const conversation = await conversationOf(c.external_id);
    expect((await conversationOf(a.external_id)).id).toBe(conversation.id);
    expect(conversation.message_count).toBe(3);
    expect(conversation.last_inbound_at).toBe(Date.parse(c.created_at as string));
    expect((await collectStats(runtime.database.db, runtime.organisationId)).conversations).toBe(1);
  });

  it('attaches replies that arrive before their parent, across batches and within one', async () => {
    const a = message();
    const b = message({
      direction: 'outbound',
      author: { handle: 'AcmeSupport' },
      in_reply_to: a.external_id,
    });
    const c = message({ author: a.author, in_reply_to: b.external_id });
    const d = message({ author: a.author, in_reply_to: b.external_id });
    await ingest(c);
    await ingest(d);
    expect((await collectStats(runtime.database.db, runtime.organisationId)).conversations).toBe(2);
    await ingest(b);
    await ingest(a);
    const stats = await collectStats(runtime.database.db, runtime.organisationId);
    expect(stats.conversations).toBe(1);
    expect(stats.messages).toBe(4);
    const conversation = await conversationOf(a.external_id);
    expect(conversation.message_count).toBe(4);
    expect(conversation.first_message_at).toBe(Date.parse(a.created_at as string));

    // The same shape delivered in reverse order within a single batch.
    const e = message();
    const f = message({
      direction: 'outbound',
      author: { handle: 'AcmeSupport' },
      in_reply_to: e.external_id,
    });
    const g = message({ author: e.author, in_reply_to: f.external_id });
    await ingest(g, f, e);
    expect((await conversationOf(g.external_id)).id).toBe((await conversationOf(e.external_id)).id);
    expect((await collectStats(runtime.database.db, runtime.organisationId)).conversations).toBe(2);
  });

  it('files a lone outbound post as resolved and a late customer reply reopens it', async () => {
    const post = message({ direction: 'outbound', author: { handle: 'AcmeSupport' } });
    await ingest(post);
    expect((await conversationOf(post.external_id)).status).toBe('resolved');
    expect((await conversationOf(post.external_id)).contact_id).toBeNull();
    const reply = message({ in_reply_to: post.external_id });
    await ingest(reply);
    const conversation = await conversationOf(post.external_id);
    expect(conversation.status).toBe('open');
    expect(conversation.contact_id).not.toBeNull();
  });

  it('creates nothing for a message delivered again, even concurrently', async () => {
    const batch = Array.from({ length: 50 }, () => message());
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        acceptInbound(runtime.database, runtime.organisationId, batch, 'test'),
      ),
    );
    expect(results.reduce((sum, result) => sum + result.accepted, 0)).toBe(50);
    expect(results.reduce((sum, result) => sum + result.duplicates, 0)).toBe(7 * 50);
    await runtime.worker.drain();
    const again = await ingest(...batch);
    expect(again).toMatchObject({ accepted: 0, duplicates: 50 });
    const stats = await collectStats(runtime.database.db, runtime.organisationId);
    expect(stats).toMatchObject({
      messages: 50,
      inbound_events: 50,
      jobs_pending: 0,
      jobs_dead: 0,
    });
  });

  it('keeps the text exactly as sent, script tags included', async () => {
    const hostile = message({ text: '<script>alert(1)</script> &amp; <b>bold</b>\r\nnext line' });
    await ingest(hostile);
    const stored = await runtime.database.db
      .selectFrom('messages')
      .select('text')
      .where('external_id', '=', hostile.external_id)
      .executeTakeFirstOrThrow();
    expect(stored.text).toBe('<script>alert(1)</script> &amp; <b>bold</b>\nnext line');
  });
});
