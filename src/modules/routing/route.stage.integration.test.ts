import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { message } from '../../test/fixtures.js';
import { createTestRuntime, type TestRuntime } from '../../test/test-runtime.js';
import { agent, conversationOf, historyOf, ingest, team } from './routing.test-helper.js';
import type { RuleConditions } from './routing-rule.js';
import { insertRule, writeDefaultTeamId } from './routing-rule.repository.js';

let runtime: TestRuntime;
beforeEach(async () => {
  runtime = await createTestRuntime();
});
afterEach(async () => {
  await runtime.close();
});

let position = 0;
async function addRule(
  conditions: RuleConditions,
  teamId: number,
  extra: { priority?: 'high' | 'urgent'; labelId?: number } = {},
) {
  position++;
  return insertRule(
    runtime.database.db,
    runtime.organisationId,
    {
      name: `rule ${position}`,
      enabled: true,
      conditions,
      teamId,
      priority: extra.priority ?? null,
      labelId: extra.labelId ?? null,
    },
    position,
    Date.now(),
  );
}

describe('the route stage', () => {
  it('sends a new conversation to the team of the first matching rule, with history', async () => {
    const billing = await team(runtime, 'Billing');
    const label = await runtime.database.db
      .insertInto('labels')
      .values({
        organisation_id: runtime.organisationId,
        name: 'Refund',
        name_key: 'refund',
        colour: '#f00',
        created_at: Date.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const ruleId = await addRule({ keywords: ['refund'] }, billing, {
      priority: 'high',
      labelId: label.id,
    });
    await addRule({}, await team(runtime, 'Catch all'));
    const first = message({ text: 'I want a Refund for my order' });
    await ingest(runtime, first);
    const conversation = await conversationOf(runtime, first.external_id);
    expect(conversation.team_id).toBe(billing);
    expect(conversation.priority).toBe('high');
    const history = await historyOf(runtime, conversation.id);
    expect(history.map((event) => event.type)).toEqual([
      'created',
      'team_changed',
      'priority_changed',
      'labelled',
    ]);
    expect(history[1]?.data).toMatchObject({
      to: billing,
      reason: 'routing_rule',
      rule_id: ruleId,
    });
    const labels = await runtime.database.db
      .selectFrom('conversation_labels')
      .select('label_id')
      .where('conversation_id', '=', conversation.id)
      .execute();
    expect(labels).toEqual([{ label_id: label.id }]);
  });

  it('never re-routes a reply, even when a rule would now match it', async () => {
    const first = message({ text: 'hello' });
    await ingest(runtime, first);
    const before = await conversationOf(runtime, first.external_id);
    await addRule({ keywords: ['invoice'] }, await team(runtime, 'Billing'));
    const reply = message({
      author: first.author,
      in_reply_to: first.external_id,
      text: 'my invoice',
    });
    await ingest(runtime, reply);
    const after = await conversationOf(runtime, reply.external_id);
    expect(after.id).toBe(before.id);
    expect(after.team_id).toBe(before.team_id);
    expect(await historyOf(runtime, after.id, 'team_changed')).toEqual([]);
  });

  it("falls back to the account's team, then to the organisation's default team", async () => {
    const first = message({ channel_account: 'FallbackShop' });
    await ingest(runtime, first);
    const routed = await conversationOf(runtime, first.external_id);
    const accountTeam = await team(runtime, 'FallbackShop');
    expect(routed.team_id).toBe(accountTeam);
    expect(await historyOf(runtime, routed.id, 'team_changed')).toEqual([]);

    const fallback = await team(runtime, 'Front desk');
    await writeDefaultTeamId(runtime.database.db, runtime.organisationId, fallback, Date.now());
    await runtime.database.db.updateTable('channel_accounts').set({ team_id: null }).execute();
    const second = message({ channel_account: 'FallbackShop' });
    await ingest(runtime, second);
    const defaulted = await conversationOf(runtime, second.external_id);
    expect(defaulted.team_id).toBe(fallback);
    expect((await historyOf(runtime, defaulted.id, 'team_changed'))[0]?.data).toMatchObject({
      from: null,
      to: fallback,
      reason: 'default_team',
    });
  });

  it('matches the contact tier, and language and intent written by the NLP stage', async () => {
    const vip = await team(runtime, 'VIP desk');
    const german = await team(runtime, 'German desk');
    await addRule({ contact_attributes: { tier: ['vip'] } }, vip);
    await addRule({ languages: ['de'] }, german);
    const known = message({ author: { handle: 'bigspender' } });
    await ingest(runtime, known);
    const contactId = (await conversationOf(runtime, known.external_id)).contact_id as number;
    await runtime.database.db
      .updateTable('contacts')
      .set({ tier: 'VIP' })
      .where('id', '=', contactId)
      .execute();
    const again = message({ author: { handle: 'bigspender' } });
    await ingest(runtime, again);
    expect((await conversationOf(runtime, again.external_id)).team_id).toBe(vip);

    // Language and intent come from the classify stage, which runs before routing.
    const german1 = message({
      text: 'Ich möchte mein Konto kündigen, das ist wirklich eine Frechheit',
    });
    await ingest(runtime, german1);
    expect((await conversationOf(runtime, german1.external_id)).team_id).toBe(german);

    const closing = await team(runtime, 'Retention');
    await addRule({ intents: ['terminate_account'] }, closing);
    const leaving = message({ text: 'How do I terminate my account with you?' });
    await ingest(runtime, leaving);
    expect((await conversationOf(runtime, leaving.external_id)).team_id).toBe(closing);
  });

  it('routes set-at-a-time: a batch of new conversations and replies lands right', async () => {
    const billing = await team(runtime, 'Billing');
    await addRule({ keywords: ['invoice'] }, billing);
    const roots = Array.from({ length: 30 }, (_, index) =>
      message({ text: index % 2 === 0 ? 'about my invoice' : 'where is my parcel' }),
    );
    const replies = roots.map((root) =>
      message({ author: root.author, in_reply_to: root.external_id, text: 'invoice?' }),
    );
    await ingest(runtime, ...roots, ...replies);
    for (const [index, root] of roots.entries()) {
      const conversation = await conversationOf(runtime, root.external_id);
      expect(conversation.message_count).toBe(2);
      if (index % 2 === 0) expect(conversation.team_id).toBe(billing);
      else expect(conversation.team_id).not.toBe(billing);
    }
  });

  it('queues assignment, so an available agent of the team gets the new conversation', async () => {
    const support = await team(runtime, 'AcmeSupport');
    const userId = await agent(runtime, [support]);
    const first = message();
    await ingest(runtime, first);
    const conversation = await conversationOf(runtime, first.external_id);
    expect(conversation.assignee_id).toBe(userId);
    expect((await historyOf(runtime, conversation.id, 'assigned'))[0]?.data).toMatchObject({
      to: userId,
      reason: 'auto_assignment',
    });
  });
});
