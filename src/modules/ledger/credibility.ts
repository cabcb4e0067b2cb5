import type {
  DecisionEventKind,
  DecisionOutcome,
  DecisionState,
} from '../../platform/database/schema.js';
import { foldDecisionEvents } from './decision-states.js';

/**
 * The credibility gap: how much of what people said was acted on, answered, declined with a
 * reason, or left silent. Definitions in docs/metrics.md ("Close the loop"); computed here from
 * the feedback items, their current links and the linked decisions' event history as of the end
 * of the period, so the figures for a past period do not change when decisions move later.
 */

export interface FeedbackFact {
  id: number;
  said_at: number;
  team_id: number | null;
  channel: string | null;
}

export interface LinkFact {
  feedback_item_id: number;
  decision_id: number;
}

export interface LedgerEventFact {
  /** Events are folded in id order: the order they were written for their decision. */
  id: number;
  decision_id: number;
  kind: DecisionEventKind;
  to_state: DecisionState | null;
  outcome: DecisionOutcome | null;
  published: number;
  created_at: number;
}

export interface CredibilityFigures {
  feedback_items: number;
  acted_on: number;
  acted_on_rate: number | null;
  answered_within_days: number;
  answered_rate: number | null;
  median_hours_to_public_answer: number | null;
  median_hours_to_decision: number | null;
  /** Items said at least `days` before the end of the period: the silent share's denominator. */
  silent_eligible: number;
  silent: number;
  silent_share: number | null;
  declined_with_reason: number;
  declined_share: number | null;
  /** Needs check-backs, which are not built yet: null, never a made-up figure. */
  check_back_confirmation_rate: null;
  /** Needs the perceived-influence pulse, which is not built yet. */
  perceived_influence: null;
}

const hour = 3_600_000;
const day = 24 * hour;
const decidedOrLater = new Set<DecisionState>(['decided', 'in_progress', 'shipped', 'confirmed']);
const actedStates = new Set<DecisionState>(['shipped', 'confirmed']);

/** The lower median (nearest rank at 50%): a value that occurred, as the SLA reports use. */
export function lowerMedian(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil(sorted.length / 2) - 1] ?? null;
}

const rate = (part: number, whole: number) => (whole === 0 ? null : part / whole);
const hours = (milliseconds: number | null) =>
  milliseconds === null ? null : Math.round((milliseconds / hour) * 100) / 100;

interface DecisionFacts {
  state: DecisionState;
  outcome: DecisionOutcome | null;
  firstPublishedAt: number | null;
  firstDecidedAt: number | null;
}

function decisionFacts(events: readonly LedgerEventFact[]): DecisionFacts {
  const ordered = [...events].sort((a, b) => a.id - b.id);
  const position = foldDecisionEvents(ordered);
  let firstPublishedAt: number | null = null;
  let firstDecidedAt: number | null = null;
  for (const event of ordered) {
    if (event.published === 1 && firstPublishedAt === null) firstPublishedAt = event.created_at;
    if (
      event.to_state !== null &&
      decidedOrLater.has(event.to_state) &&
      event.kind !== 'merged_into' &&
      firstDecidedAt === null
    ) {
      firstDecidedAt = event.created_at;
    }
  }
  return { ...position, firstPublishedAt, firstDecidedAt };
}

/** Figures for one group of feedback items. */
export function credibilityFigures(
  items: readonly FeedbackFact[],
  decisionsOf: (itemId: number) => readonly DecisionFacts[],
  options: { asOf: number; days: number },
): CredibilityFigures {
  const window = options.days * day;
  let acted = 0;
  let answered = 0;
  let eligible = 0;
  let silent = 0;
  let declined = 0;
  const toAnswer: number[] = [];
  const toDecision: number[] = [];
  for (const item of items) {
    const decisions = decisionsOf(item.id);
    if (decisions.some((decision) => actedStates.has(decision.state))) acted++;
    if (
      decisions.some(
        (decision) => decision.state === 'decided' && decision.outcome === 'will_not_change',
      )
    ) {
      declined++;
    }
    const published = decisions.flatMap((decision) =>
      decision.firstPublishedAt === null ? [] : [decision.firstPublishedAt],
    );
    const decided = decisions.flatMap((decision) =>
      decision.firstDecidedAt === null ? [] : [decision.firstDecidedAt],
    );
    const answerWait = published.length ? Math.max(0, Math.min(...published) - item.said_at) : null;
    const decisionWait = decided.length ? Math.max(0, Math.min(...decided) - item.said_at) : null;
    if (answerWait !== null) toAnswer.push(answerWait);
    if (decisionWait !== null) toDecision.push(decisionWait);
    if (answerWait !== null && answerWait <= window) answered++;
    if (options.asOf - item.said_at >= window) {
      eligible++;
      const disposed =
        (answerWait !== null && answerWait <= window) ||
        (decisionWait !== null && decisionWait <= window);
      if (!disposed) silent++;
    }
  }
  return {
    feedback_items: items.length,
    acted_on: acted,
    acted_on_rate: rate(acted, items.length),
    answered_within_days: answered,
    answered_rate: rate(answered, items.length),
    median_hours_to_public_answer: hours(lowerMedian(toAnswer)),
    median_hours_to_decision: hours(lowerMedian(toDecision)),
    silent_eligible: eligible,
    silent,
    silent_share: rate(silent, eligible),
    declined_with_reason: declined,
    declined_share: rate(declined, items.length),
    check_back_confirmation_rate: null,
    perceived_influence: null,
  };
}

/** Monday 00:00 UTC of the instant's week. */
export function weekStart(instant: number): number {
  const date = new Date(instant);
  const midnight = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
  const weekday = (date.getUTCDay() + 6) % 7;
  return midnight - weekday * day;
}

export type CredibilityGroup = 'team' | 'channel' | 'week';

export interface CredibilityReport {
  organisation: CredibilityFigures;
  groups: { key: string; figures: CredibilityFigures }[];
}

/** The report: the organisation's figures and the same per team, channel or week. */
export function credibilityReport(
  facts: {
    items: readonly FeedbackFact[];
    links: readonly LinkFact[];
    events: readonly LedgerEventFact[];
  },
  options: { asOf: number; days: number; groupBy: CredibilityGroup },
): CredibilityReport {
  const eventsOf = new Map<number, LedgerEventFact[]>();
  for (const event of facts.events) {
    if (event.created_at > options.asOf) continue;
    const list = eventsOf.get(event.decision_id) ?? [];
    list.push(event);
    eventsOf.set(event.decision_id, list);
  }
  const factsOf = new Map<number, DecisionFacts>();
  for (const [decisionId, events] of eventsOf) factsOf.set(decisionId, decisionFacts(events));
  const linksOf = new Map<number, DecisionFacts[]>();
  for (const link of facts.links) {
    const decision = factsOf.get(link.decision_id);
    if (!decision) continue;
    const list = linksOf.get(link.feedback_item_id) ?? [];
    list.push(decision);
    linksOf.set(link.feedback_item_id, list);
  }
  const decisionsOf = (itemId: number) => linksOf.get(itemId) ?? [];
  const keyOf = (item: FeedbackFact): string => {
    if (options.groupBy === 'team') return item.team_id === null ? 'none' : String(item.team_id);
    if (options.groupBy === 'channel') return item.channel ?? 'manual';
    return new Date(weekStart(item.said_at)).toISOString().slice(0, 10);
  };
  const grouped = new Map<string, FeedbackFact[]>();
  for (const item of facts.items) {
    const key = keyOf(item);
    const list = grouped.get(key) ?? [];
    list.push(item);
    grouped.set(key, list);
  }
  return {
    organisation: credibilityFigures(facts.items, decisionsOf, options),
    groups: [...grouped.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, items]) => ({ key, figures: credibilityFigures(items, decisionsOf, options) })),
  };
}
