import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptInbound } from '../src/modules/ingest/index.js';
import { agent, team } from '../src/modules/routing/routing.test-helper.js';
import { insertPolicy } from '../src/modules/sla/sla-policy.repository.js';
import { message } from '../src/test/fixtures.js';
import { createTestRuntime, type TestRuntime } from '../src/test/test-runtime.js';
import { waitFor } from '../src/test/wait-for.js';
import { startHearken } from './process-helpers.js';

/**
 * A `hearken worker` process alone (no `hearken serve` anywhere) must carry a change through every
 * module that reacts to it: here an SLA breach hands a conversation to another team inside a job,
 * routing's subscriber queues an assignment run in that same transaction, and the worker assigns
 * the conversation to the new team's available agent. Routing's reaction used to be registered
 * with the HTTP routes, so a worker-only deployment never assigned such a conversation.
 */
let runtime: TestRuntime;
beforeAll(async () => {
  runtime = await createTestRuntime();
});
afterAll(async () => {
  await runtime.close();
});

describe('a worker process on its own', () => {
  it('assigns a conversation that an SLA breach handed to another team', async () => {
    const billing = await team(runtime, 'Billing');
    const billingAgent = await agent(runtime, [billing], { capacity: 3 });
    await insertPolicy(
      runtime.database.db,
      runtime.organisationId,
      {
        name: 'Hand breaches to billing',
        position: 1,
        conditions: {},
        firstResponseMs: 60_000,
        nextResponseMs: null,
        resolutionMs: null,
        businessHours: false,
        warningPercent: 75,
        escalation: { reassign_team_id: billing },
      },
      Date.now(),
    );
    const old = message({ created_at: new Date(Date.now() - 3_600_000).toISOString() });
    await acceptInbound(runtime.database, runtime.organisationId, [old], 'test');

    const worker = startHearken(['worker'], {
      ...runtime.childEnvironment,
      HEARKEN_JOB_POLL_MS: '20',
    });
    try {
      const conversation = await waitFor(
        () =>
          runtime.database.db
            .selectFrom('messages')
            .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
            .select(['conversations.team_id', 'conversations.assignee_id'])
            .where('messages.external_id', '=', old.external_id)
            .executeTakeFirst(),
        (row) => row?.assignee_id != null,
        30_000,
      );
      expect(conversation).toEqual({ team_id: billing, assignee_id: billingAgent });
    } finally {
      worker.child.kill('SIGTERM');
      await worker.finished;
    }
  });
});
