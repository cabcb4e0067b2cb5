import { describe, expect, it } from 'vitest';
import { validateInboundMessage } from '../ingest/index.js';
import { demoAccounts, demoTeams } from './demo-company.js';
import { defaultDemoSeed, fill, planDemoConversations } from './demo-conversations.js';
import { buildDemoMessages } from './demo-messages.js';
import { day, localClock } from './demo-timeline.js';

const anchor = Date.UTC(2026, 2, 10, 15, 20);
const messages = buildDemoMessages(defaultDemoSeed, anchor);
const plans = planDemoConversations(defaultDemoSeed);
const instant = (value: string | number) => (typeof value === 'number' ? value : Date.parse(value));

describe('demo conversations', () => {
  it('are a few hundred valid messages with filled-in texts', () => {
    expect(plans.length).toBeGreaterThanOrEqual(300);
    expect(messages.length).toBeGreaterThan(600);
    for (const message of messages) {
      expect(validateInboundMessage(message)).toEqual([]);
      expect(message.text).not.toMatch(/[{}]/);
    }
    expect(new Set(messages.map((message) => message.external_id)).size).toBe(messages.length);
  });

  it('are the same for the same seed, and keep their ids and texts whenever they are run', () => {
    const again = buildDemoMessages(defaultDemoSeed, anchor);
    expect(again).toEqual(messages);
    const later = buildDemoMessages(defaultDemoSeed, anchor + 9 * 3_600_000 + 17 * 60_000);
    const contentOf = (list: typeof messages) =>
      list.map((message) => `${message.external_id}\u0000${message.text}`).sort();
    expect(contentOf(later)).toEqual(contentOf(messages));
    const other = buildDemoMessages(defaultDemoSeed + 1, anchor);
    expect(contentOf(other)).not.toEqual(contentOf(messages));
  });

  it('spread over the last 14 days, none in the future, oldest first', () => {
    const times = messages.map((message) => instant(message.created_at));
    expect(Math.max(...times)).toBeLessThanOrEqual(anchor);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(anchor - 14 * day);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    const daysCovered = new Set(times.map((time) => Math.floor((anchor - time) / day)));
    expect(daysCovered.size).toBe(14);
  });

  it('use every channel account, on several channels', () => {
    const accounts = new Set(messages.map((message) => message.channel_account));
    expect([...accounts].sort()).toEqual(demoAccounts.map((account) => account.handle).sort());
    expect(new Set(messages.map((message) => message.channel)).size).toBeGreaterThanOrEqual(4);
  });

  it('mix answered and waiting conversations, with the fee backlash as the recent spike', () => {
    const waiting = plans.filter((plan) => plan.messages.at(-1)?.role !== 'agent');
    const answered = plans.filter((plan) =>
      plan.messages.some((message) => message.role === 'agent'),
    );
    expect(waiting.length / plans.length).toBeGreaterThan(0.15);
    expect(answered.length / plans.length).toBeGreaterThan(0.5);
    const recent = plans.filter((plan) => plan.daysAgo <= 3);
    const recentFee = recent.filter((plan) => plan.topic.key === 'fee-change');
    expect(recentFee.length / recent.length).toBeGreaterThan(0.4);
    const olderFee = plans.filter((plan) => plan.daysAgo > 4 && plan.topic.key === 'fee-change');
    expect(olderFee.length).toBeLessThan(recentFee.length / 5);
  });

  it('thread replies to messages of the same conversation', () => {
    const byId = new Map(messages.map((message) => [message.external_id, message]));
    for (const message of messages) {
      if (!message.in_reply_to) continue;
      const parent = byId.get(message.in_reply_to);
      expect(parent?.channel_account).toBe(message.channel_account);
      expect(instant(parent?.created_at ?? 0)).toBeLessThanOrEqual(instant(message.created_at));
    }
    const outbound = messages.filter((message) => message.direction === 'outbound');
    expect(outbound.every((message) => message.in_reply_to)).toBe(true);
  });

  it("answer mostly within each team's working hours, in the team's timezone", () => {
    const teamOf = new Map(
      demoAccounts.map((account) => [
        account.handle,
        demoTeams.find((team) => team.key === account.team),
      ]),
    );
    const replies = messages.filter((message) => message.direction === 'outbound');
    const inHours = replies.filter((message) => {
      const team = teamOf.get(message.channel_account);
      if (!team) return false;
      const clock = localClock(instant(message.created_at), team.timezone);
      // A reply may run a little past closing time: it was started before.
      return clock.hour >= team.hours[0] && clock.hour <= team.hours[1];
    });
    expect(inHours.length / replies.length).toBeGreaterThan(0.9);
  });
});

describe('fill', () => {
  it('fills and capitalises slots and leaves unknown ones for a later pass', () => {
    expect(fill('{Private} or {private}, {later}', { private: 'send us a DM' })).toBe(
      'Send us a DM or send us a DM, {later}',
    );
  });
});
