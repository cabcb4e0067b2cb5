import { describe, expect, it } from 'vitest';
import { credibilityReport, lowerMedian, weekStart } from './credibility.js';

const hour = 3_600_000;
const day = 24 * hour;
const asOf = Date.UTC(2026, 5, 30);

/** A hand-made ledger whose figures are worked out by hand below. */
const items = [
  { id: 1, said_at: asOf - 40 * day, team_id: 1, channel: 'twitter' }, // shipped, answered day 2
  { id: 2, said_at: asOf - 40 * day, team_id: 1, channel: 'email' }, // declined on day 20
  { id: 3, said_at: asOf - 30 * day, team_id: 2, channel: 'twitter' }, // linked, nothing happened
  { id: 4, said_at: asOf - 2 * day, team_id: 2, channel: 'twitter' }, // not linked, too young
  { id: 5, said_at: asOf - 20 * day, team_id: null, channel: null }, // not linked, silent
];
const links = [
  { feedback_item_id: 1, decision_id: 10 },
  { feedback_item_id: 2, decision_id: 20 },
  { feedback_item_id: 3, decision_id: 30 },
];
let id = 0;
const event = (
  decision_id: number,
  at: number,
  kind: 'created' | 'state_changed' | 'reopened',
  to_state: 'received' | 'acknowledged' | 'decided' | 'shipped' | 'under_consideration',
  extra: { outcome?: 'will_change' | 'will_not_change'; published?: number } = {},
) => ({
  id: ++id,
  decision_id,
  kind,
  to_state,
  outcome: extra.outcome ?? null,
  published: extra.published ?? 0,
  created_at: at,
});
const events = [
  event(10, asOf - 39 * day, 'created', 'received'),
  event(10, asOf - 38 * day, 'state_changed', 'acknowledged', { published: 1 }),
  event(10, asOf - 35 * day, 'state_changed', 'decided', { outcome: 'will_change' }),
  event(10, asOf - 10 * day, 'state_changed', 'shipped', { published: 1 }),
  event(20, asOf - 39 * day, 'created', 'received'),
  event(20, asOf - 20 * day, 'state_changed', 'decided', { outcome: 'will_not_change' }),
  event(30, asOf - 29 * day, 'created', 'received'),
  // After the end of the period: must not count.
  event(30, asOf + day, 'state_changed', 'shipped', { outcome: 'will_change', published: 1 }),
];

describe('the credibility gap', () => {
  it('counts acted on, answered, silent and declined as docs/metrics.md defines them', () => {
    const report = credibilityReport(
      { items, links, events },
      { asOf, days: 14, groupBy: 'channel' },
    );
    expect(report.organisation).toEqual({
      feedback_items: 5,
      acted_on: 1,
      acted_on_rate: 0.2,
      answered_within_days: 1,
      answered_rate: 0.2,
      median_hours_to_public_answer: 48,
      // Items 1 (5 days) and 2 (20 days): the lower median is 5 days.
      median_hours_to_decision: 120,
      // Items 1, 2, 3 and 5 are at least 14 days old; 1 was answered in 2 days; 2, 3 and 5 had
      // no answer and no decision within 14 days.
      silent_eligible: 4,
      silent: 3,
      silent_share: 0.75,
      declined_with_reason: 1,
      declined_share: 0.2,
      check_back_confirmation_rate: null,
      perceived_influence: null,
    });
    expect(report.groups.map((group) => [group.key, group.figures.feedback_items])).toEqual([
      ['email', 1],
      ['manual', 1],
      ['twitter', 3],
    ]);
  });

  it('judges a past period as it stood then, and a reopened decision as not acted on', () => {
    const earlier = asOf - 15 * day;
    const then = credibilityReport(
      { items: items.filter((item) => item.said_at < earlier), links, events },
      { asOf: earlier, days: 14, groupBy: 'team' },
    );
    // Shipped 10 days before the end: not yet 15 days before it. Declined 20 days before: yes.
    expect(then.organisation.acted_on).toBe(0);
    expect(then.organisation.declined_with_reason).toBe(1);
    const before = asOf - 25 * day;
    const sooner = credibilityReport(
      { items: items.filter((item) => item.said_at < before), links, events },
      { asOf: before, days: 14, groupBy: 'team' },
    );
    expect(sooner.organisation.declined_with_reason).toBe(0);
    const reopened = credibilityReport(
      {
        items,
        links,
        events: [...events, event(10, asOf - day, 'reopened', 'under_consideration')],
      },
      { asOf, days: 14, groupBy: 'team' },
    );
    expect(reopened.organisation.acted_on).toBe(0);
  });

  it('takes the lower median and weeks from Monday in UTC', () => {
    expect(lowerMedian([])).toBeNull();
    expect(lowerMedian([3, 1, 2, 4])).toBe(2);
    expect(lowerMedian([5])).toBe(5);
    expect(new Date(weekStart(Date.UTC(2026, 11, 2, 15))).toISOString()).toBe(
      '2026-11-30T00:00:00.000Z',
    );
    expect(new Date(weekStart(Date.UTC(2026, 10, 30))).toISOString()).toBe(
      '2026-11-30T00:00:00.000Z',
    );
  });
});
