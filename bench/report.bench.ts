import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import { rebuildConversationMetrics } from '../src/modules/reports/index.js';
import { signIn, testApp } from '../src/test/http.js';
import { BenchRandom } from './bench-random.js';
import { databaseFile, openBenchRuntime } from './bench-runtime.js';
import { figure, note, timed } from './report.js';

/**
 * Report requests at 1,000,000 messages (issue 3: each must answer in under 200 ms).
 *
 * The history is written in bulk, not through the pipeline (which would take most of an hour):
 * a second better-sqlite3 connection inserts teams, channel accounts, agents, contacts,
 * conversations, the messages (customer message, reply, follow-up, reply) and their
 * conversation_events with prepared statements. The report rollup is then built from that
 * history by the product's own rebuildConversationMetrics, the function behind
 * `hearken report rebuild`, so the rows the reports read are the ones Hearken itself derives.
 * Requests go through the HTTP app (authentication, validation, serialisation included).
 *
 *   npm run bench:report -- [--messages N] [--runs R] [--keep]
 *
 * `--keep` leaves the database in place (its path is printed) for EXPLAIN QUERY PLAN sessions.
 */
const ceilingMs = 200;

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index === -1 ? undefined : Number(process.argv[index + 1]);
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
}

const totalMessages = option('messages', 1_000_000);
const runs = option('runs', 20);
const days = 90;
const teams = 8;
const accounts = 24;
const agents = 60;

const runtime = await openBenchRuntime();
try {
  const generator = new BenchRandom(1);
  const random = () => generator.next();
  const now = Date.now();
  const start = now - days * 86_400_000;
  const organisationId = runtime.organisationId;

  const [, prefillSeconds] = await timed(() => {
    const connection = new BetterSqlite3(databaseFile(runtime));
    connection.pragma('busy_timeout = 10000');
    connection.pragma('synchronous = NORMAL');
    const insertTeam = connection.prepare(
      'insert into teams (id, organisation_id, name, timezone, created_at) values (?, ?, ?, ?, ?)',
    );
    const insertAccount = connection.prepare(
      `insert into channel_accounts (id, organisation_id, channel, handle, handle_key, name, team_id, created_at) values (?, ?, 'twitter', ?, ?, ?, ?, ?)`,
    );
    const insertUser = connection.prepare(
      `insert into users (id, organisation_id, email, name, role, password_hash, failed_logins, created_at, updated_at) values (?, ?, ?, ?, 'agent', 'x', 0, ?, ?)`,
    );
    const insertContact = connection.prepare(
      'insert into contacts (id, organisation_id, name, created_at, updated_at) values (?, ?, null, ?, ?)',
    );
    const insertConversation = connection.prepare(
      `insert into conversations (id, organisation_id, channel_account_id, contact_id, team_id, assignee_id, status, priority, message_count, first_message_at, last_message_at, last_inbound_at, snoozed_until, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, 'normal', ?, ?, ?, ?, null, ?, ?)`,
    );
    const insertMessage = connection.prepare(
      `insert into messages (organisation_id, conversation_id, channel, external_id, in_reply_to_external_id, direction, author_contact_id, author_user_id, author_handle, author_name, text, is_private_note, created_at, received_at) values (?, ?, 'twitter', ?, ?, ?, ?, ?, ?, null, ?, 0, ?, ?)`,
    );
    const insertEvent = connection.prepare(
      `insert into conversation_events (organisation_id, conversation_id, type, actor_type, actor_id, data, occurred_at) values (?, ?, ?, 'system', null, ?, ?)`,
    );
    connection.transaction(() => {
      for (let team = 1; team <= teams; team++)
        insertTeam.run(1000 + team, organisationId, `Team ${team}`, 'UTC', start);
      for (let account = 1; account <= accounts; account++) {
        insertAccount.run(
          1000 + account,
          organisationId,
          `Brand${account}`,
          `brand${account}`,
          `Brand${account}`,
          1000 + ((account % teams) + 1),
          start,
        );
      }
      for (let agent = 1; agent <= agents; agent++)
        insertUser.run(
          1000 + agent,
          organisationId,
          `agent${agent}@bench.example`,
          `Agent ${agent}`,
          start,
          start,
        );
    })();
    let messageNumber = 0;
    let conversationId = 1;
    const writeBatch = connection.transaction((count: number) => {
      for (
        let index = 0;
        index < count && messageNumber < totalMessages;
        index++, conversationId++
      ) {
        const opened = start + Math.floor(random() * (now - start - 3_600_000));
        const account = 1 + Math.floor(random() * accounts);
        const agent = 1000 + 1 + Math.floor(random() * agents);
        // Log-normal-ish first response: most within the hour, a long tail of days.
        const firstReply = Math.round(Math.exp(5 + random() * 6 + random() * 2) * 1000);
        const followUp = firstReply + Math.round(random() * 7_200_000);
        const secondReply = followUp + Math.round(Math.exp(4 + random() * 6) * 1000);
        const answered = random() < 0.9;
        const times: [number, 'inbound' | 'outbound'][] = answered
          ? [
              [opened, 'inbound'],
              [opened + firstReply, 'outbound'],
              [opened + followUp, 'inbound'],
              [opened + secondReply, 'outbound'],
            ]
          : [[opened, 'inbound']];
        const kept = times.filter(([at]) => at < now).slice(0, totalMessages - messageNumber);
        const last = kept[kept.length - 1] as [number, string];
        const resolved = answered && random() < 0.8 && last[0] + 600_000 < now;
        insertContact.run(conversationId, organisationId, opened, opened);
        insertConversation.run(
          conversationId,
          organisationId,
          1000 + account,
          conversationId,
          1000 + ((account % teams) + 1),
          agent,
          resolved ? 'resolved' : 'open',
          kept.length,
          opened,
          last[0],
          opened,
          opened,
          opened,
        );
        let previous: string | null = null;
        for (const [at, direction] of kept) {
          const externalId = `b${++messageNumber}`;
          insertMessage.run(
            organisationId,
            conversationId,
            externalId,
            previous,
            direction,
            direction === 'inbound' ? conversationId : null,
            direction === 'outbound' ? agent : null,
            direction === 'inbound' ? `customer${conversationId}` : `Brand${account}`,
            'A generated message of benchmark traffic',
            at,
            at,
          );
          previous = externalId;
        }
        insertEvent.run(
          organisationId,
          conversationId,
          'created',
          '{"status":"open","team_id":null}',
          opened,
        );
        if (resolved)
          insertEvent.run(
            organisationId,
            conversationId,
            'status_changed',
            '{"from":"open","to":"resolved"}',
            last[0] + 600_000,
          );
      }
    });
    while (messageNumber < totalMessages) writeBatch(5000);
    connection.pragma('wal_checkpoint(TRUNCATE)');
    connection.close();
  });
  const counts = await runtime.database.db
    .selectFrom('messages')
    .select((eb) => eb.fn.countAll<number>().as('messages'))
    .executeTakeFirstOrThrow();
  figure('messages', Number(counts.messages));
  figure('prefill_seconds', prefillSeconds);
  const [conversations, rollupSeconds] = await timed(() =>
    rebuildConversationMetrics(runtime.database.db, organisationId, Date.now()),
  );
  figure('conversations', conversations);
  figure('rollup_rebuild_seconds', rollupSeconds);
  // Fresh statistics, as a long-running database would have (SQLite's planner uses them).
  await sql`analyze`.execute(runtime.database.db);

  const app = await testApp(runtime as never);
  const analyst = await signIn(app, runtime as never, 'analyst');
  const last30 = `from=${new Date(now - 30 * 86_400_000).toISOString()}&to=${new Date(now).toISOString()}`;
  const all = `from=${new Date(start - 86_400_000).toISOString()}&to=${new Date(now + 1).toISOString()}`;
  const requests: [string, string][] = [
    [
      'attainment_team_day_30d',
      `/api/v1/reports/sla-attainment?${last30}&group_by=team&period=day&target_seconds=3600`,
    ],
    [
      'attainment_agent_week_90d',
      `/api/v1/reports/sla-attainment?${all}&group_by=agent&period=week&tz=Europe/Berlin&target_seconds=3600`,
    ],
    [
      'response_times_account_30d',
      `/api/v1/reports/response-times?${last30}&group_by=channel_account`,
    ],
    ['response_times_org_90d', `/api/v1/reports/response-times?${all}`],
    ['first_response_1h_90d', `/api/v1/reports/first-response?${all}&target_seconds=3600`],
    ['volume_hour_of_week_30d', `/api/v1/reports/volume?${last30}&tz=Australia/Sydney`],
    ['backlog', '/api/v1/reports/backlog'],
    ['breaches_30d', `/api/v1/reports/breaches?${last30}&limit=100`],
    [
      'attainment_csv_30d',
      `/api/v1/reports/sla-attainment?${last30}&group_by=channel_account&period=day&target_seconds=3600&format=csv`,
    ],
  ];
  note(
    `each request ${runs} times after one warm-up, through the HTTP app; ceiling ${ceilingMs} ms`,
  );
  let worst = 0;
  for (const [name, url] of requests) {
    const latencies: number[] = [];
    for (let run = 0; run <= runs; run++) {
      const started = performance.now();
      const response = await app.inject({
        method: 'GET',
        url,
        headers: { cookie: analyst.cookie },
      });
      const elapsed = performance.now() - started;
      if (response.statusCode !== 200)
        throw new Error(`${name}: ${response.statusCode} ${response.body}`);
      if (run > 0) latencies.push(elapsed);
    }
    latencies.sort((a, b) => a - b);
    const p50 = latencies[Math.ceil(latencies.length / 2) - 1] as number;
    const p95 = latencies[Math.ceil(latencies.length * 0.95) - 1] as number;
    worst = Math.max(worst, p95);
    figure(`${name}_p50_ms`, p50);
    figure(`${name}_p95_ms`, p95);
  }
  figure('worst_p95_ms', worst);
  figure('ceiling_ms', ceilingMs);
  note(worst < ceilingMs ? 'every report request is under the ceiling' : 'ABOVE THE CEILING');
  await app.close();
} finally {
  if (process.argv.includes('--keep')) {
    note(`database kept at ${databaseFile(runtime)}`);
    await runtime.close();
  } else await runtime.dispose();
}
