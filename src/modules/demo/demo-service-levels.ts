import type { BusinessCalendar } from '../calendars/index.js';
import type { PolicyInput } from '../sla/index.js';
import type { DemoTeam } from './demo-company.js';
import { hour, minute } from './demo-timeline.js';

/** The team's business hours as its calendar: the hours its agents answer in (demo-timeline). */
export function demoCalendar(team: DemoTeam): BusinessCalendar {
  const [opens, closes] = team.hours;
  return {
    timezone: team.timezone,
    // Sunday first, as BusinessCalendar counts.
    weekly: Array.from({ length: 7 }, (_, weekday) =>
      !team.weekends && (weekday === 0 || weekday === 6)
        ? []
        : [{ start: opens * 60, end: closes * 60 }],
    ),
    exceptions: [],
  };
}

/**
 * Wrenfield's service levels, counted in each team's business hours. Angry or leaving customers
 * (the pipeline raises them to high or urgent) get the stricter one: policies are tried in
 * position order. The demo's agents answer most messages within the hour and some much later,
 * so the reports show attainment well short of 100% and a list of breaches. No resolution
 * target: the demo's conversations stay open (nobody resolves them), so every one would breach it.
 */
export const demoSlaPolicies: readonly PolicyInput[] = [
  {
    name: 'Wrenfield: high and urgent',
    position: 0,
    conditions: { priorities: ['high', 'urgent'] },
    firstResponseMs: 30 * minute,
    nextResponseMs: 2 * hour,
    resolutionMs: null,
    businessHours: true,
    warningPercent: 75,
    escalation: {},
  },
  {
    name: 'Wrenfield: standard',
    position: 1,
    conditions: {},
    firstResponseMs: hour,
    nextResponseMs: 4 * hour,
    resolutionMs: null,
    businessHours: true,
    warningPercent: 75,
    escalation: {},
  },
];
