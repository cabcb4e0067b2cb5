import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withTransaction } from '../../platform/database/connection.js';
import type { DomainEvent } from '../../platform/events.js';
import { JobRegistry } from '../../platform/jobs/job-definition.js';
import { JobWorker } from '../../platform/jobs/worker.js';
import { conversationIdOf, message } from '../../test/fixtures.js';
import { type SignedIn, signIn, testApp } from '../../test/http.js';
import { createTestRuntime, type TestRuntime } from '../../test/test-runtime.js';
import { acceptInbound } from '../ingest/index.js';
import { evaluateSla, slaCheck, slaJobs } from './index.js';

const minute = 60_000;
const hour = 60 * minute;

let runtime: TestRuntime;
let app: FastifyInstance;
let admin: SignedIn;
let published: DomainEvent[];

beforeEach(async () => {
  runtime = await createTestRuntime();
  app = await testApp(runtime);
  admin = await signIn(app, runtime, 'admin');
  published = [];
  runtime.events.subscribe((event) => published.push(event));
});
afterEach(async () => {
  await app.close();
  await runtime.close();
});

const db = () => runtime.database.db;
const asAdmin = () => ({ cookie: admin.cookie, 'x-csrf-token': admin.csrf });

async function ingest(...messages: ReturnType<typeof message>[]) {
  await acceptInbound(runtime.database, runtime.organisationId, messages, 'test');
  await runtime.worker.drain();
}

async function addPolicy(body: Record<string, unknown>) {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/sla-policies',
    headers: asAdmin(),
    payload: { conditions: {}, business_hours: false, ...body },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: number };
}

const conversationOf = (externalId: string) => conversationIdOf(db(), externalId);

const slaOf = (id: number) =>
  db()
    .selectFrom('conversation_sla')
    .selectAll()
    .where('conversation_id', '=', id)
    .executeTakeFirstOrThrow();
const historyOf = async (id: number, type: string) =>
  db()
    .selectFrom('conversation_events')
    .selectAll()
    .where('conversation_id', '=', id)
    .where('type', '=', type)
    .execute();

async function userId(email: string) {
  return (
    await db().selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()
  ).id;
}

describe('SLA policies on the real database', () => {
  it('records a breach at its due instant, raises the priority and notifies the lead', async () => {
    const lead = await signIn(app, runtime, 'lead');
    const leadId = await userId(lead.email);
    await addPolicy({
      name: 'Social 1h',
      first_response_seconds: 3600,
      escalation: { notify_user_ids: [leadId], raise_priority_to: 'high' },
    });
    const createdAt = Date.now() - 2 * hour;
    const first = message({ created_at: new Date(createdAt).toISOString() });
    await ingest(first);
    const id = await conversationOf(first.external_id);

    const breaches = await historyOf(id, 'sla_breached');
    expect(breaches).toHaveLength(1);
    expect(breaches[0]?.occurred_at).toBe(createdAt + hour);
    expect(await historyOf(id, 'sla_warning')).toHaveLength(0);
    const conversation = await db()
      .selectFrom('conversations')
      .select('priority')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(conversation.priority).toBe('high');
    expect((await historyOf(id, 'priority_changed'))[0]?.actor_type).toBe('system');
    expect(published).toContainEqual(
      expect.objectContaining({
        type: 'sla.breached',
        conversationId: id,
        metric: 'first_response',
      }),
    );

    const notifications = await app.inject({
      method: 'GET',
      url: '/api/v1/notifications',
      headers: { cookie: lead.cookie },
    });
    expect(notifications.json().data).toEqual([
      expect.objectContaining({ type: 'sla.breached', conversation_id: id }),
    ]);
    const metrics = await db()
      .selectFrom('conversation_metrics')
      .selectAll()
      .where('conversation_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(metrics).toMatchObject({
      first_response_breached: 1,
      first_response_met: null,
      frt_ms: null,
    });

    const view = await app.inject({
      method: 'GET',
      url: `/api/v1/conversations/${id}/sla`,
      headers: asAdmin(),
    });
    expect(view.json().first_response.breached_at).toBe(new Date(createdAt + hour).toISOString());
  });

  it('warns at 75% and breaches at the due time through the durable job queue', async () => {
    await addPolicy({ name: 'Fast', first_response_seconds: 3600 });
    const createdAt = Date.now() - 50 * minute;
    const first = message({ created_at: new Date(createdAt).toISOString() });
    await ingest(first);
    const id = await conversationOf(first.external_id);
    expect(await historyOf(id, 'sla_warning')).toHaveLength(1);
    const due = createdAt + hour;
    expect(await slaOf(id)).toMatchObject({
      first_response_due_at: due,
      next_due_at: due,
      first_response_warned: 1,
      check_at: due,
    });
    const job = await db()
      .selectFrom('jobs')
      .selectAll()
      .where('kind', '=', slaCheck.kind)
      .executeTakeFirstOrThrow();
    expect(job.run_at).toBe(due);

    // Time passes: the job is due, and its handler sees a clock one second past the due time.
    await db().updateTable('jobs').set({ run_at: 0 }).where('id', '=', job.id).execute();
    const worker = new JobWorker({
      handle: runtime.database,
      jobs: new JobRegistry(slaJobs),
      events: runtime.events,
      config: runtime.config,
      clock: () => due + 1000,
      logger: runtime.logger,
      concurrency: 1,
      leaseMilliseconds: 60_000,
      pollMilliseconds: 20,
    });
    await worker.drain();
    expect(worker.stats.completed).toBe(1);
    expect(await historyOf(id, 'sla_breached')).toHaveLength(1);
    expect(published.filter((event) => event.type === 'sla.breached')).toHaveLength(1);

    // Idempotent: checking again records nothing new.
    await withTransaction(runtime.database, (trx) =>
      evaluateSla(trx, runtime.organisationId, [id], due + 5000),
    );
    expect(await historyOf(id, 'sla_breached')).toHaveLength(1);
    expect(await historyOf(id, 'sla_warning')).toHaveLength(1);
  });

  it('pauses the clocks while pending and resumes them when the conversation reopens', async () => {
    await addPolicy({ name: 'All', first_response_seconds: 3600, resolution_seconds: 86_400 });
    const createdAt = Date.now() - 10 * minute;
    const first = message({ created_at: new Date(createdAt).toISOString() });
    await ingest(first);
    const id = await conversationOf(first.external_id);
    expect((await slaOf(id)).first_response_due_at).toBe(createdAt + hour);

    const pending = await app.inject({
      method: 'PATCH',
      url: `/api/v1/conversations/${id}`,
      headers: asAdmin(),
      payload: { status: 'pending' },
    });
    expect(pending.statusCode).toBe(200);
    await runtime.worker.drain();
    expect(await slaOf(id)).toMatchObject({
      paused: 1,
      next_due_at: null,
      first_response_due_at: null,
    });

    await app.inject({
      method: 'PATCH',
      url: `/api/v1/conversations/${id}`,
      headers: asAdmin(),
      payload: { status: 'open' },
    });
    await runtime.worker.drain();
    const [pausedAt, resumedAt] = (await historyOf(id, 'status_changed')).map(
      (event) => event.occurred_at,
    );
    const resumed = await slaOf(id);
    expect(resumed.paused).toBe(0);
    expect(resumed.first_response_due_at).toBe(
      createdAt + hour + ((resumedAt as number) - (pausedAt as number)),
    );
  });

  it('stops the first-response clock at a reply, but not at a reply written by a bot', async () => {
    await addPolicy({ name: 'All', first_response_seconds: 3600, next_response_seconds: 1800 });
    const base = Date.now();
    const question = message({ created_at: new Date(base - 20 * minute).toISOString() });
    await ingest(question);
    const id = await conversationOf(question.external_id);
    const bot = await db()
      .insertInto('users')
      .values({
        organisation_id: runtime.organisationId,
        email: 'bot@example.com',
        name: 'Bot',
        role: 'agent',
        password_hash: 'x',
        failed_logins: 0,
        locked_until: null,
        disabled_at: null,
        last_login_at: null,
        created_at: 0,
        updated_at: 0,
        is_bot: 1,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db()
      .insertInto('messages')
      .values({
        organisation_id: runtime.organisationId,
        conversation_id: id,
        channel: 'twitter',
        external_id: 'bot-1',
        in_reply_to_external_id: null,
        direction: 'outbound',
        author_contact_id: null,
        author_user_id: bot.id,
        author_handle: 'AcmeSupport',
        author_name: 'Bot',
        text: 'Thanks, a person will answer',
        is_private_note: 0,
        created_at: Date.now() - 19 * minute,
        received_at: Date.now(),
        inbound_event_id: null,
        raw: null,
      })
      .execute();
    await withTransaction(runtime.database, (trx) =>
      evaluateSla(trx, runtime.organisationId, [id], Date.now()),
    );
    expect((await slaOf(id)).first_response_due_at).not.toBeNull();

    await ingest(
      message({
        direction: 'outbound',
        author: { handle: 'AcmeSupport' },
        in_reply_to: question.external_id,
        created_at: new Date(base - 5 * minute).toISOString(),
      }),
    );
    const answered = await slaOf(id);
    expect(answered).toMatchObject({ first_response_due_at: null, next_due_at: null });
    const metrics = await db()
      .selectFrom('conversation_metrics')
      .selectAll()
      .where('conversation_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(metrics).toMatchObject({ first_response_met: 1, frt_ms: 15 * minute });

    await ingest(
      message({
        author: question.author,
        in_reply_to: question.external_id,
        created_at: new Date(Date.now() - minute).toISOString(),
      }),
    );
    const waiting = await slaOf(id);
    expect(waiting.next_response_due_at).toBe(
      (waiting.next_response_started_at as number) + 30 * minute,
    );
  });

  it('applies the first matching policy by position, on tier and priority', async () => {
    const vip = await addPolicy({
      name: 'VIP',
      position: 0,
      conditions: { tiers: ['vip'] },
      first_response_seconds: 900,
    });
    const urgent = await addPolicy({
      name: 'Urgent',
      position: 1,
      conditions: { priorities: ['urgent'] },
      first_response_seconds: 1800,
    });
    const everyone = await addPolicy({
      name: 'Everyone',
      position: 2,
      first_response_seconds: 3600,
    });
    const first = message();
    await ingest(first);
    const id = await conversationOf(first.external_id);
    expect((await slaOf(id)).policy_id).toBe(everyone.id);

    await app.inject({
      method: 'PATCH',
      url: `/api/v1/conversations/${id}`,
      headers: asAdmin(),
      payload: { priority: 'urgent' },
    });
    await runtime.worker.drain();
    expect((await slaOf(id)).policy_id).toBe(urgent.id);

    const conversation = await db()
      .selectFrom('conversations')
      .select('contact_id')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    await db()
      .updateTable('contacts')
      .set({ tier: 'vip' })
      .where('id', '=', conversation.contact_id as number)
      .execute();
    await withTransaction(runtime.database, (trx) =>
      evaluateSla(trx, runtime.organisationId, [id], Date.now()),
    );
    expect((await slaOf(id)).policy_id).toBe(vip.id);
  });

  it('counts business hours of the team and moves due times when a lead changes the calendar', async () => {
    await addPolicy({ name: 'Business', first_response_seconds: 3600, business_hours: true });
    const createdAt = Date.now() - 10 * minute;
    const first = message({ created_at: new Date(createdAt).toISOString() });
    await ingest(first);
    const id = await conversationOf(first.external_id);
    const before = (await slaOf(id)).first_response_due_at as number;
    expect(before).toBe(createdAt + hour); // no calendar yet: around the clock

    const team = await db()
      .selectFrom('conversations')
      .select('team_id')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const today = new Date(Date.now()).toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const allDay = [{ start: '00:00', end: '24:00' }];
    const calendar = {
      timezone: 'UTC',
      weekly: {
        monday: allDay,
        tuesday: allDay,
        wednesday: allDay,
        thursday: allDay,
        friday: allDay,
        saturday: allDay,
        sunday: allDay,
      },
      exceptions: [
        { date: today, name: 'Closed', hours: [] },
        { date: tomorrow, name: 'Closed', hours: [] },
      ],
    };
    const agent = await signIn(app, runtime, 'agent');
    const refused = await app.inject({
      method: 'PUT',
      url: `/api/v1/teams/${team.team_id}/calendar`,
      headers: { cookie: agent.cookie, 'x-csrf-token': agent.csrf },
      payload: calendar,
    });
    expect(refused.statusCode).toBe(403);
    const lead = await signIn(app, runtime, 'lead');
    const saved = await app.inject({
      method: 'PUT',
      url: `/api/v1/teams/${team.team_id}/calendar`,
      headers: { cookie: lead.cookie, 'x-csrf-token': lead.csrf },
      payload: calendar,
    });
    expect(saved.statusCode, saved.body).toBe(200);
    await runtime.worker.drain();
    const after = (await slaOf(id)).first_response_due_at as number;
    // Closed today and tomorrow: the whole hour is counted from the day after at midnight UTC.
    const dayAfter = Date.parse(`${tomorrow}T00:00:00Z`) + 86_400_000;
    expect(after).toBe(dayAfter + hour);
  });
});
