import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withTransaction } from '../../platform/database/connection.js';
import { lockNamespaces } from '../../platform/database/organisation-lock.js';
import { JobRegistry } from '../../platform/jobs/job-definition.js';
import { enqueueJob } from '../../platform/jobs/job-queue.js';
import { JobWorker } from '../../platform/jobs/worker.js';
import { createLogger } from '../../platform/logger.js';
import { message } from '../../test/fixtures.js';
import { createTestRuntime, type TestRuntime, usingPostgres } from '../../test/test-runtime.js';
import { lockAssignment, runAssignment } from './assignment.service.js';
import { checkPresence } from './availability.service.js';
import { routingJobs } from './index.js';
import { assignJobKind } from './routing.jobs.js';
import {
  agent,
  conversationOf,
  historyOf,
  ingest,
  offlineWindow,
  openLoad,
  team,
} from './routing.test-helper.js';
import { setAvailability } from './team-routing.service.js';

let runtime: TestRuntime;
beforeEach(async () => {
  runtime = await createTestRuntime({ databasePoolSize: 20 });
});
afterEach(async () => {
  await runtime.close();
});

/** `count` new conversations waiting in the AcmeSupport queue (no agent yet). */
async function waiting(count: number) {
  const messages = Array.from({ length: count }, () => message());
  await ingest(runtime, ...messages);
  return Promise.all(messages.map(async (m) => (await conversationOf(runtime, m.external_id)).id));
}

function assign(teamId: number | null, now = Date.now()) {
  return withTransaction(runtime.database, (trx) =>
    runAssignment(trx, runtime.organisationId, teamId, now, offlineWindow),
  );
}

describe('round-robin assignment', () => {
  it('serves the member who least recently got work, within each capacity', async () => {
    const ids = await waiting(7);
    const support = await team(runtime, 'AcmeSupport');
    const a = await agent(runtime, [support], { capacity: 2, availability: 'away' });
    const b = await agent(runtime, [support], { capacity: 2, availability: 'away' });
    const c = await agent(runtime, [support], { capacity: 2, availability: 'away' });
    for (const userId of [a, b, c]) {
      await withTransaction(runtime.database, (trx) =>
        trx
          .updateTable('agent_availability')
          .set({ status: 'available', status_changed_at: Date.now() })
          .where('user_id', '=', userId)
          .execute(),
      );
    }
    const assignments = await assign(support);
    // Oldest conversation first, agents in turn; the seventh waits for room.
    expect(assignments.map((x) => [x.conversationId, x.userId])).toEqual([
      [ids[0], a],
      [ids[1], b],
      [ids[2], c],
      [ids[3], a],
      [ids[4], b],
      [ids[5], c],
    ]);
    // b resolves one: only b has room, so b takes the waiting one.
    await runtime.database.db
      .updateTable('conversations')
      .set({ status: 'resolved' })
      .where('id', '=', ids[1] as number)
      .execute();
    expect((await assign(support)).map((x) => x.userId)).toEqual([b]);
    // With room for a and c again, the next one goes to a: a was last served 4th, c 6th.
    await runtime.database.db
      .updateTable('conversations')
      .set({ status: 'resolved' })
      .where('id', 'in', [ids[0] as number, ids[2] as number])
      .execute();
    const [next] = await waiting(1);
    await assign(support);
    expect(
      (
        await runtime.database.db
          .selectFrom('conversations')
          .select('assignee_id')
          .where('id', '=', next as number)
          .executeTakeFirstOrThrow()
      ).assignee_id,
    ).toBe(a);
  });

  it('never puts an agent over capacity when many assignment jobs run at once', async () => {
    await waiting(60);
    const support = await team(runtime, 'AcmeSupport');
    const capacities = [3, 5, 7, 2];
    const agents: number[] = [];
    for (const capacity of capacities) {
      agents.push(await agent(runtime, [support], { capacity, availability: 'away' }));
    }
    await runtime.database.db
      .updateTable('agent_availability')
      .set({ status: 'available', status_changed_at: Date.now() })
      .execute();
    // Eight direct runs racing each other, plus eight queued jobs taken by four workers.
    await withTransaction(runtime.database, async (trx) => {
      for (let index = 0; index < 8; index++) {
        await enqueueJob(trx, assignJobKind, {
          organisationId: runtime.organisationId,
          teamId: support,
        });
      }
    });
    const workers = Array.from(
      { length: 4 },
      (_, index) =>
        new JobWorker({
          handle: runtime.database,
          jobs: new JobRegistry(routingJobs),
          events: runtime.events,
          config: runtime.config,
          logger: createLogger('silent'),
          concurrency: 2,
          leaseMilliseconds: 60_000,
          pollMilliseconds: 10,
          workerId: `test-${index}`,
        }),
    );
    const results = await Promise.all([
      ...Array.from({ length: 8 }, (_, index) => assign(index % 2 === 0 ? support : null)),
      ...workers.map(async (worker) => {
        await worker.drain();
        return [];
      }),
    ]);
    const load = await openLoad(runtime);
    for (const [index, userId] of agents.entries()) {
      expect(load.get(userId), `agent ${index}`).toBe(capacities[index]);
    }
    const total = capacities.reduce((sum, value) => sum + value, 0);
    const direct = results.flat().length;
    expect(direct).toBeLessThanOrEqual(total);
    const events = await runtime.database.db
      .selectFrom('conversation_events')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('type', '=', 'assigned')
      .executeTakeFirstOrThrow();
    expect(Number(events.count)).toBe(total);
  });
  // Capacity is a count over rows, so row conditions alone cannot stop two runs that both read
  // the counts before either commits; the organisation lock makes runs wait for each other.
  it.runIf(usingPostgres)('makes a second run wait while another holds the lock', async () => {
    const waitingForAssignmentLock = async () => {
      const { rows } = await sql<{ waiting: number }>`
        select count(*)::int as waiting from pg_locks
        where locktype = 'advisory' and not granted
          and classid = ${lockNamespaces.assignment} and objid = ${runtime.organisationId}`.execute(
        runtime.database.db,
      );
      return (rows[0]?.waiting ?? 0) > 0;
    };
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let signalLocked: () => void = () => undefined;
    const locked = new Promise<void>((resolve) => {
      signalLocked = resolve;
    });
    const holder = withTransaction(runtime.database, async (trx) => {
      await lockAssignment(trx, runtime.organisationId);
      signalLocked();
      await gate;
    });
    await locked;
    let finished = false;
    const second = assign(null).then(() => {
      finished = true;
    });
    // Wait until the second run is queued behind the lock (PostgreSQL lists it as a waiting
    // advisory lock of the assignment namespace), rather than sleeping and hoping it got there.
    const deadline = Date.now() + 10_000;
    while (!(await waitingForAssignmentLock()) && Date.now() < deadline) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(await waitingForAssignmentLock()).toBe(true);
    expect(finished).toBe(false);
    release();
    await holder;
    await second;
    expect(finished).toBe(true);
  });
});

describe('availability', () => {
  it('gives nobody away or offline new work', async () => {
    const support = await team(runtime, 'AcmeSupport');
    await agent(runtime, [support], { availability: 'away' });
    await agent(runtime, [support], { availability: 'offline' });
    const [id] = await waiting(1);
    expect(await assign(null)).toEqual([]);
    const conversation = await runtime.database.db
      .selectFrom('conversations')
      .select('assignee_id')
      .where('id', '=', id as number)
      .executeTakeFirstOrThrow();
    expect(conversation.assignee_id).toBeNull();
  });

  it('returns the conversations of an agent who goes away, and reassigns them', async () => {
    const support = await team(runtime, 'AcmeSupport');
    const leaving = await agent(runtime, [support], { capacity: 5 });
    const ids = await waiting(3);
    expect((await openLoad(runtime)).get(leaving)).toBe(3);
    const staying = await agent(runtime, [support], { capacity: 5, availability: 'away' });
    const principal = {
      kind: 'user' as const,
      organisationId: runtime.organisationId,
      userId: leaving,
      tokenId: null,
      role: 'agent' as const,
      name: 'leaving',
      permissions: new Set<never>(),
      csrfToken: null,
      sessionId: null,
    };
    const change = await setAvailability(runtime, principal, leaving, 'away');
    expect(change.released.sort()).toEqual([...ids].sort());
    for (const id of ids) {
      const history = await historyOf(runtime, id as number, 'assigned');
      expect(history.at(-1)?.data).toMatchObject({ from: leaving, to: null, reason: 'agent_away' });
    }
    // Nobody else is available yet: they wait in the queue, and the away agent gets nothing.
    await runtime.worker.drain();
    expect((await openLoad(runtime)).size).toBe(0);
    await setAvailability(runtime, { ...principal, userId: staying }, staying, 'available');
    await runtime.worker.drain();
    expect((await openLoad(runtime)).get(staying)).toBe(3);
    expect((await openLoad(runtime)).get(leaving)).toBeUndefined();
  });

  it('takes an agent offline after the inactivity window and frees their work', async () => {
    const support = await team(runtime, 'AcmeSupport');
    const start = Date.now();
    const idle = await agent(runtime, [support], { now: start });
    await waiting(2);
    expect((await openLoad(runtime)).get(idle)).toBe(2);
    // Within the window: still available, the check is scheduled again.
    const soon = await withTransaction(runtime.database, (trx) =>
      checkPresence(
        trx,
        runtime.database.dialect,
        runtime.organisationId,
        idle,
        start + 60_000,
        offlineWindow,
      ),
    );
    expect(soon).toEqual([]);
    // An idle agent already counts as offline for assignment, before the check runs.
    expect(await assign(support, start + offlineWindow + 1)).toEqual([]);
    const later = await withTransaction(runtime.database, (trx) =>
      checkPresence(
        trx,
        runtime.database.dialect,
        runtime.organisationId,
        idle,
        start + offlineWindow + 1,
        offlineWindow,
      ),
    );
    expect(later.map((event) => event.type)).toContain('agent.availability_changed');
    const row = await runtime.database.db
      .selectFrom('agent_availability')
      .select('status')
      .where('user_id', '=', idle)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('offline');
    expect((await openLoad(runtime)).size).toBe(0);
  });
});
