import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import { resolveChannelAccounts } from '../src/modules/channels/index.js';
import { handleKey, ingestJobKind } from '../src/modules/ingest/index.js';
import { normaliseEvent } from '../src/pipeline/index.js';
import { withTransaction } from '../src/platform/database/connection.js';
import { type BenchRuntime, databaseFile } from './bench-runtime.js';
import { runIngest } from './ingest-phase.js';
import type { BenchThread, GeneratedTraffic } from './message-generator.js';

/** Messages per prefill transaction, like one ingest job. */
const batchSize = 1000;
/** Milliseconds from writing to delivery, and from delivery to processing, in the history. */
const deliveryLag = 2000;
const processingLag = 1000;

/**
 * Fills the database with `traffic` as already processed history, in the shape the pipeline
 * leaves behind: one processed inbound event per message (payload included), contacts with one
 * identity per (channel, handle), one conversation per thread (counters, times, contact, team,
 * status as the persist stage computes them) with its `created` history event, the messages with
 * their external ids and in_reply_to, and an empty job queue whose ids have advanced (finished
 * jobs are deleted).
 *
 * Rows go in through a second better-sqlite3 connection to the same file with prepared statements
 * reused: minutes faster than the pipeline at a million messages, and it leaves the measured
 * runtime's planner statistics and caches alone. The row values come from the pipeline's own
 * normaliseEvent and handleKey, and channel accounts from its resolveChannelAccounts. Derived
 * rollups (conversation_metrics) are not written: phase 2 warns about any table the pipeline
 * fills that the prefill left empty, and docs/benchmarks.md compares with --prefill pipeline.
 */
export async function prefillBulk(runtime: BenchRuntime, traffic: GeneratedTraffic) {
  const organisationId = runtime.organisationId;
  const accounts = await withTransaction(runtime.database, (trx) =>
    resolveChannelAccounts(
      trx,
      organisationId,
      traffic.threads.map((thread) => thread.account),
    ),
  );
  const threadOf = new Map<string, BenchThread>();
  for (const thread of traffic.threads) {
    for (const message of thread.messages) threadOf.set(message.external_id, thread);
  }

  const connection = new BetterSqlite3(databaseFile(runtime));
  connection.pragma('busy_timeout = 10000');
  connection.pragma('synchronous = NORMAL');
  connection.pragma('foreign_keys = ON');
  // A bigger page cache than the runtime's: the indexes of a million rows must stay in memory.
  connection.pragma('cache_size = -524288');
  const next = (table: string) =>
    Number(
      (connection.prepare(`select max(id) as id from ${table}`).get() as { id: number | null })
        .id ?? 0,
    ) + 1;
  let eventId = next('inbound_events');
  let contactId = next('contacts');
  let identityId = next('contact_identities');
  let conversationId = next('conversations');
  let messageId = next('messages');

  const insertEvent = connection.prepare(
    `insert into inbound_events (id, organisation_id, channel, external_id, payload, source,
       received_at, processed_at) values (?, ?, ?, ?, ?, 'bench:prefill', ?, ?)`,
  );
  const insertContact = connection.prepare(
    `insert into contacts (id, organisation_id, name, merged_into_id, created_at, updated_at)
       values (?, ?, ?, null, ?, ?)`,
  );
  const insertIdentity = connection.prepare(
    `insert into contact_identities (id, organisation_id, contact_id, channel, handle, handle_key,
       display_name, created_at) values (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertConversation = connection.prepare(
    `insert into conversations (id, organisation_id, channel_account_id, contact_id, team_id,
       assignee_id, status, priority, message_count, first_message_at, last_message_at,
       last_inbound_at, snoozed_until, created_at, updated_at)
       values (?, ?, ?, ?, ?, null, 'open', 'normal', ?, ?, ?, ?, null, ?, ?)`,
  );
  const insertConversationEvent = connection.prepare(
    `insert into conversation_events (organisation_id, conversation_id, type, actor_type, actor_id,
       data, occurred_at) values (?, ?, 'created', 'system', null, ?, ?)`,
  );
  const insertMessage = connection.prepare(
    `insert into messages (id, organisation_id, conversation_id, channel, external_id,
       in_reply_to_external_id, direction, author_contact_id, author_user_id, author_handle,
       author_name, text, is_private_note, created_at, received_at, inbound_event_id, raw)
       values (?, ?, ?, ?, ?, ?, ?, ?, null, ?, ?, ?, 0, ?, ?, ?, ?)`,
  );

  const contacts = new Map<string, number>();
  const conversations = new Map<BenchThread, number>();
  const contactFor = (channel: string, handle: string, name: string | null, at: number) => {
    const key = `${channel}\u0000${handleKey(handle)}`;
    let id = contacts.get(key);
    if (id === undefined) {
      id = contactId++;
      contacts.set(key, id);
      insertContact.run(id, organisationId, name, at, at);
      insertIdentity.run(
        identityId++,
        organisationId,
        id,
        channel,
        handle,
        handleKey(handle),
        name,
        at,
      );
    }
    return id;
  };
  const conversationFor = (thread: BenchThread, at: number) => {
    let id = conversations.get(thread);
    if (id === undefined) {
      id = conversationId++;
      conversations.set(thread, id);
      const account = accounts.get(
        `${thread.account.channel}\u0000${handleKey(thread.account.handle)}`,
      );
      if (!account) throw new Error('prefill: channel account missing');
      const opener = normaliseEvent(0, at, JSON.stringify(thread.messages[0]));
      const customer = contactFor(opener.channel, opener.authorHandle, opener.authorName, at);
      let lastInbound: number | null = null;
      thread.messages.forEach((message, index) => {
        if (message.direction === 'inbound') lastInbound = thread.times[index] as number;
      });
      insertConversation.run(
        id,
        organisationId,
        account.id,
        customer,
        account.team_id,
        thread.messages.length,
        Math.min(...thread.times),
        Math.max(...thread.times),
        lastInbound,
        at,
        at,
      );
      const data = JSON.stringify({ status: 'open', team_id: account.team_id });
      insertConversationEvent.run(organisationId, id, data, at);
    }
    return id;
  };

  const writeBatch = connection.transaction((start: number) => {
    for (const message of traffic.deliveries.slice(start, start + batchSize)) {
      const payload = JSON.stringify(message);
      const createdAt = Date.parse(message.created_at as string);
      const receivedAt = createdAt + deliveryLag;
      const event = eventId++;
      insertEvent.run(
        event,
        organisationId,
        message.channel,
        message.external_id,
        payload,
        receivedAt,
        receivedAt + processingLag,
      );
      const item = normaliseEvent(event, receivedAt, payload);
      const thread = threadOf.get(message.external_id);
      if (!thread) throw new Error('prefill: message without a thread');
      const conversation = conversationFor(thread, receivedAt + processingLag);
      const author =
        item.direction === 'inbound'
          ? contactFor(item.channel, item.authorHandle, item.authorName, receivedAt)
          : null;
      insertMessage.run(
        messageId++,
        organisationId,
        conversation,
        item.channel,
        item.externalId,
        item.inReplyTo,
        item.direction,
        author,
        item.authorHandle,
        item.authorName,
        item.text,
        item.createdAt,
        item.receivedAt,
        event,
        item.raw,
      );
    }
  });
  for (let start = 0; start < traffic.deliveries.length; start += batchSize) writeBatch(start);

  // The queue as the worker leaves it after 1 job per 1,000 messages: every row deleted.
  const insertJob = connection.prepare(
    `insert into jobs (kind, payload, status, attempts, max_attempts, run_at, created_at,
       updated_at) values (?, '{}', 'ready', 0, 8, 0, 0, 0)`,
  );
  connection.transaction(() => {
    for (let index = 0; index < Math.ceil(traffic.deliveries.length / batchSize); index++) {
      insertJob.run(ingestJobKind);
    }
    connection.prepare('delete from jobs').run();
  })();
  connection.pragma('wal_checkpoint(TRUNCATE)');
  connection.close();
}

/** The same history made by the pipeline itself: slower, for checking the bulk shape. */
export async function prefillThroughPipeline(runtime: BenchRuntime, traffic: GeneratedTraffic) {
  await runIngest(runtime, traffic.deliveries);
  await sql`pragma wal_checkpoint(TRUNCATE)`.execute(runtime.database.db);
}

/** Row counts of every table of the schema (the few in the bench's query are all small). */
export async function tableCounts(runtime: BenchRuntime): Promise<Record<string, number>> {
  const db = runtime.database.db;
  const tables = await sql<{ name: string }>`
    select name from sqlite_schema
    where type = 'table' and name not like 'sqlite_%' and name not like 'hearken_migrations%'
    order by name`.execute(db);
  const counts: Record<string, number> = {};
  for (const { name } of tables.rows) {
    const row = await sql<{
      count: number;
    }>`select count(*) as count from ${sql.table(name)}`.execute(db);
    counts[name] = Number(row.rows[0]?.count ?? 0);
  }
  return counts;
}
