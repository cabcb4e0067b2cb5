import { withTransaction } from '../../platform/database/connection.js';
import type { Availability } from '../../platform/database/schema.js';
import type { TestRuntime } from '../../test/test-runtime.js';
import { createUser } from '../auth/index.js';
import type { InboundMessage } from '../ingest/index.js';
import { acceptInbound } from '../ingest/index.js';
import { ensureTeam } from '../teams/index.js';
import { ensureAvailability, upsertMember, writeCapacity } from './agent.repository.js';
import { changeAvailability } from './availability.service.js';

/** Shared set-up for the routing integration tests (real database, no mocks). */
export const offlineWindow = 15 * 60_000;

export async function ingest(runtime: TestRuntime, ...messages: InboundMessage[]) {
  await acceptInbound(runtime.database, runtime.organisationId, messages, 'test');
  await runtime.worker.drain();
}

export async function team(runtime: TestRuntime, name: string, timezone = 'UTC') {
  return (await ensureTeam(runtime.database.db, runtime.organisationId, name, timezone)).id;
}

let agentCount = 0;

/** A user in `teamIds` with `capacity`, set to `availability` (at `now`). */
export async function agent(
  runtime: TestRuntime,
  teamIds: number[],
  options: { capacity?: number; availability?: Availability; now?: number } = {},
): Promise<number> {
  agentCount++;
  const userId = await createUser(
    runtime,
    runtime.organisationId,
    {
      email: `agent${agentCount}-${Math.random().toString(36).slice(2)}@example.com`,
      name: `Agent ${agentCount}`,
      role: 'agent',
      password: 'correct horse battery staple',
    },
    null,
  );
  const now = options.now ?? Date.now();
  await withTransaction(runtime.database, async (trx) => {
    for (const teamId of teamIds) {
      await upsertMember(trx, runtime.organisationId, teamId, userId, 'member', now);
    }
    await ensureAvailability(trx, runtime.organisationId, userId, now);
    await writeCapacity(trx, userId, options.capacity ?? 5);
    await changeAvailability(trx, runtime.database.dialect, {
      organisationId: runtime.organisationId,
      userId,
      status: options.availability ?? 'available',
      reason: 'agent',
      actor: { type: 'system', id: null },
      offlineAfterMilliseconds: offlineWindow,
      now,
    });
  });
  return userId;
}

export async function conversationOf(runtime: TestRuntime, externalId: string) {
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

export async function historyOf(runtime: TestRuntime, conversationId: number, type?: string) {
  let query = runtime.database.db
    .selectFrom('conversation_events')
    .selectAll()
    .where('conversation_id', '=', conversationId)
    .orderBy('id');
  if (type) query = query.where('type', '=', type);
  const rows = await query.execute();
  return rows.map((row) => ({
    type: row.type,
    data: JSON.parse(row.data) as Record<string, unknown>,
  }));
}

/** Open conversations held by each user. */
export async function openLoad(runtime: TestRuntime): Promise<Map<number, number>> {
  const rows = await runtime.database.db
    .selectFrom('conversations')
    .select(['assignee_id', (eb) => eb.fn.countAll<number>().as('count')])
    .where('status', '=', 'open')
    .where('assignee_id', 'is not', null)
    .groupBy('assignee_id')
    .execute();
  return new Map(rows.map((row) => [row.assignee_id as number, Number(row.count)]));
}
