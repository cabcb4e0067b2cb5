import { describe, expect, it } from 'vitest';
import {
  compileRules,
  decideRoute,
  keywordPattern,
  type RoutingRule,
  type RoutingSubject,
  type RuleConditions,
} from './routing-rule.js';

let nextId = 1;
function rule(conditions: RuleConditions, teamId: number, extra: Partial<RoutingRule> = {}) {
  const id = nextId++;
  return {
    id,
    name: `rule ${id}`,
    position: id,
    enabled: true,
    conditions,
    action: { teamId, priority: null, labelId: null },
    ...extra,
  } satisfies RoutingRule;
}

function subject(overrides: Partial<RoutingSubject> = {}): RoutingSubject {
  return {
    channelAccountId: 1,
    text: 'hello there',
    language: null,
    intent: null,
    contactAttributes: {},
    ...overrides,
  };
}

describe('keyword matching', () => {
  it('matches whole words regardless of case, not parts of words', () => {
    const pattern = keywordPattern(['refund', 'bill']) as RegExp;
    expect(pattern.test('I want a REFUND now')).toBe(true);
    expect(pattern.test('my bill, please')).toBe(true);
    expect(pattern.test('refunds are slow')).toBe(false);
    expect(pattern.test('billing question')).toBe(false);
    expect(pattern.test('prebill')).toBe(false);
  });

  it('handles phrases, non-Latin scripts, accents and regex characters literally', () => {
    const pattern = keywordPattern(['late fee', 'café', 'c++', 'возврат']) as RegExp;
    expect(pattern.test('a LATE   fee again')).toBe(true);
    expect(pattern.test('lately fee')).toBe(false);
    expect(pattern.test('the Café was closed')).toBe(true);
    expect(pattern.test('cafés')).toBe(false);
    expect(pattern.test('I code in c++ daily')).toBe(true);
    expect(pattern.test('cxx')).toBe(false);
    expect(pattern.test('Где мой Возврат?')).toBe(true);
    expect(pattern.test('возвраты')).toBe(false);
  });

  it('treats a keyword list of only blanks as matching nothing', () => {
    expect(keywordPattern(['  ', ''])).toBeNull();
    const rules = compileRules([rule({ keywords: ['   '] }, 9)]);
    expect(decideRoute(rules, subject(), null, null)).toBeNull();
  });
});

describe('routing decision', () => {
  it('takes the first matching rule by position, skipping disabled ones', () => {
    const billing = rule({ keywords: ['invoice'] }, 10, { position: 2 });
    const vip = rule({ contact_attributes: { tier: ['VIP'] } }, 20, { position: 1 });
    const disabled = rule({}, 30, { position: 0, enabled: false });
    const rules = compileRules([billing, vip, disabled]);
    const both = subject({ text: 'my invoice', contactAttributes: { tier: 'vip' } });
    expect(decideRoute(rules, both, 5, 6)).toMatchObject({ teamId: 20, ruleId: vip.id });
    const plain = subject({ text: 'my invoice', contactAttributes: { tier: 'basic' } });
    expect(decideRoute(rules, plain, 5, 6)).toMatchObject({ teamId: 10, reason: 'routing_rule' });
  });

  it('requires every condition of a rule, any value within one', () => {
    const rules = compileRules([
      rule(
        {
          channel_account_ids: [1, 2],
          languages: ['de', 'fr'],
          intents: ['cancel'],
          keywords: ['kündigen', 'résilier'],
        },
        7,
      ),
    ]);
    const matching = subject({
      channelAccountId: 2,
      language: 'DE',
      intent: 'cancel',
      text: 'Ich will kündigen',
    });
    expect(decideRoute(rules, matching, null, null)?.teamId).toBe(7);
    for (const miss of [
      { channelAccountId: 3 },
      { language: 'en' },
      { language: null },
      { intent: 'billing' },
      { text: 'Ich will bleiben' },
    ]) {
      expect(decideRoute(rules, { ...matching, ...miss }, null, null), JSON.stringify(miss)).toBe(
        null,
      );
    }
  });

  it('falls back to the channel account team, then the default team, then nothing', () => {
    const rules = compileRules([rule({ keywords: ['never'] }, 1)]);
    expect(decideRoute(rules, subject(), 4, 8)).toMatchObject({
      teamId: 4,
      reason: 'channel_account',
    });
    expect(decideRoute(rules, subject(), null, 8)).toMatchObject({
      teamId: 8,
      reason: 'default_team',
    });
    expect(decideRoute(rules, subject(), null, null)).toBeNull();
  });

  it('carries the priority and label of the matching rule, and a catch-all matches all', () => {
    const catchAll = rule({}, 3, {
      action: { teamId: 3, priority: 'urgent', labelId: 12 },
    });
    const decision = decideRoute(compileRules([catchAll]), subject(), 1, 1);
    expect(decision).toEqual({
      teamId: 3,
      reason: 'routing_rule',
      ruleId: catchAll.id,
      priority: 'urgent',
      labelId: 12,
    });
  });

  it('orders rules of equal position by id', () => {
    const first = rule({}, 1, { position: 5 });
    const second = rule({}, 2, { position: 5 });
    expect(compileRules([second, first]).map((compiled) => compiled.rule.id)).toEqual([
      first.id,
      second.id,
    ]);
  });
});
