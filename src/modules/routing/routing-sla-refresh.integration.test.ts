import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withTransaction } from '../../platform/database/connection.js';
import { message } from '../../test/fixtures.js';
import { createTestRuntime, type TestRuntime } from '../../test/test-runtime.js';
import { changeAvailability } from './availability.service.js';
import { upsertFollowTheSunRule } from './follow-the-sun.repository.js';
import { handBack } from './follow-the-sun.service.js';
import { agent, conversationOf, ingest, offlineWindow, team } from './routing.test-helper.js';

/**
 * Routing's own changes of team and assignee (assignment runs, an agent going away, the
 * follow-the-sun hand-back) queue the SLA refresh in their transaction, like a person's change
 * does: the report rollup and the SLA state follow without waiting for the next message.
 */
let runtime: TestRuntime;
beforeEach(async () => {
  runtime = await createTestRuntime();
});
afterEach(async () => {
  await runtime.close();
});

async function metricsOf(conversationId: number) {
  return runtime.database.db
    .selectFrom('conversation_metrics')
    .select(['team_id', 'agent_id'])
    .where('conversation_id', '=', conversationId)
    .executeTakeFirstOrThrow();
}

describe('routing changes refresh the SLA state', () => {
  it('after an assignment run and after the agent goes away', async () => {
    const inbound = message();
    await ingest(runtime, inbound);
    const conversation = await conversationOf(runtime, inbound.external_id);
    expect((await metricsOf(conversation.id)).agent_id).toBeNull();

    const support = await team(runtime, 'AcmeSupport');
    const userId = await agent(runtime, [support]);
    await runtime.worker.drain();
    expect((await conversationOf(runtime, inbound.external_id)).assignee_id).toBe(userId);
    expect((await metricsOf(conversation.id)).agent_id).toBe(userId);

    await withTransaction(runtime.database, (trx) =>
      changeAvailability(trx, runtime.database.dialect, {
        organisationId: runtime.organisationId,
        userId,
        status: 'away',
        reason: 'agent',
        actor: { type: 'system', id: null },
        offlineAfterMilliseconds: offlineWindow,
        now: Date.now(),
      }),
    );
    await runtime.worker.drain();
    expect((await conversationOf(runtime, inbound.external_id)).assignee_id).toBeNull();
    expect((await metricsOf(conversation.id)).agent_id).toBeNull();
  });

  it('after a follow-the-sun hand-back', async () => {
    const owner = await team(runtime, 'AcmeSupport');
    const onShift = await team(runtime, 'Night');
    await upsertFollowTheSunRule(
      runtime.database.db,
      runtime.organisationId,
      owner,
      onShift,
      true,
      0,
    );
    const inbound = message();
    await ingest(runtime, inbound);
    const conversation = await conversationOf(runtime, inbound.external_id);
    // Handed off by hand here (the owner has no calendar, so it is always open and gets it back).
    await runtime.database.db
      .updateTable('conversations')
      .set({ team_id: onShift })
      .where('id', '=', conversation.id)
      .execute();
    await runtime.database.db
      .updateTable('conversation_metrics')
      .set({ team_id: onShift })
      .where('conversation_id', '=', conversation.id)
      .execute();
    await runtime.database.db
      .insertInto('conversation_handoffs')
      .values({
        conversation_id: conversation.id,
        organisation_id: runtime.organisationId,
        owner_team_id: owner,
        handoff_team_id: onShift,
        handed_off_at: Date.now(),
      })
      .execute();
    const { result } = await withTransaction(runtime.database, (trx) =>
      handBack(trx, runtime.database.dialect, runtime.organisationId, owner, Date.now()),
    );
    expect(result.returned).toEqual([conversation.id]);
    await runtime.worker.drain();
    expect((await metricsOf(conversation.id)).team_id).toBe(owner);
  });
});
