import type { Static } from '@sinclair/typebox';
import { toCsv } from '../../platform/csv-export.js';
import { iso } from '../../platform/time.js';
import type { credibilityOf } from './credibility.service.js';
import type { countLinks, DecisionRow, listDecisionEvents } from './decision.repository.js';
import type {
  CredibilityReportSchema,
  DecisionDetailSchema,
  DecisionEventSchema,
  DecisionSchema,
  DecisionSuggestionsSchema,
  FeedbackItemSchema,
} from './ledger.schema.js';
import type { LoopFigures } from './loop.service.js';
import type { DecisionSuggestion } from './suggestion.service.js';

type Counts = Awaited<ReturnType<typeof countLinks>>;
type EventRow = Awaited<ReturnType<typeof listDecisionEvents>>[number];

export function presentDecision(
  decision: DecisionRow,
  counts: Counts,
): Static<typeof DecisionSchema> {
  const linked = counts.get(decision.id);
  return {
    id: decision.id,
    title: decision.title,
    public_description: decision.public_description,
    owner_user_id: decision.owner_user_id,
    team_id: decision.team_id,
    state: decision.state,
    outcome: decision.outcome,
    merged_into_id: decision.merged_into_id,
    feedback_count: linked?.feedback ?? 0,
    people_count: linked?.people ?? 0,
    created_at: iso(decision.created_at),
    updated_at: iso(decision.updated_at),
  };
}

/** The event's details; a row whose JSON cannot be read shows without them rather than failing. */
function eventData(data: string): {
  feedback_item_ids: number[];
  other_decision_id: number | null;
} {
  try {
    const parsed = JSON.parse(data) as { feedback_item_ids?: unknown; other_decision_id?: unknown };
    return {
      feedback_item_ids: Array.isArray(parsed.feedback_item_ids)
        ? parsed.feedback_item_ids.filter((id): id is number => Number.isSafeInteger(id))
        : [],
      other_decision_id: Number.isSafeInteger(parsed.other_decision_id)
        ? (parsed.other_decision_id as number)
        : null,
    };
  } catch {
    return { feedback_item_ids: [], other_decision_id: null };
  }
}

export function presentDecisionEvent(event: EventRow): Static<typeof DecisionEventSchema> {
  return {
    id: event.id,
    kind: event.kind,
    from_state: event.from_state,
    to_state: event.to_state,
    outcome: event.outcome,
    reason: event.reason,
    public_note: event.public_note,
    published: event.published === 1,
    ...eventData(event.data),
    actor_user_id: event.actor_user_id,
    created_at: iso(event.created_at),
  };
}

export function presentDecisionDetail(detail: {
  decision: DecisionRow;
  counts: Counts;
  events: EventRow[];
  loop: LoopFigures;
}): Static<typeof DecisionDetailSchema> {
  const { checkBack } = detail.loop;
  return {
    decision: presentDecision(detail.decision, detail.counts),
    events: detail.events.map(presentDecisionEvent),
    loop: {
      told: detail.loop.told,
      skipped: detail.loop.skipped,
      failed: detail.loop.failed,
      pending: detail.loop.pending,
      check_back: {
        yes: checkBack.yes,
        partly: checkBack.partly,
        no: checkBack.no,
        believes_influence_yes: checkBack.believesYes,
        believes_influence_no: checkBack.believesNo,
      },
    },
  };
}

export function presentFeedbackItem(item: {
  id: number;
  source_kind: string;
  source_id: number | null;
  contact_id: number | null;
  conversation_id: number | null;
  channel: string | null;
  team_id: number | null;
  text: string | null;
  said_at: number;
  via: string;
  linked_at: number;
}): Static<typeof FeedbackItemSchema> {
  return {
    id: item.id,
    source_kind: item.source_kind,
    source_id: item.source_id,
    contact_id: item.contact_id,
    conversation_id: item.conversation_id,
    channel: item.channel,
    team_id: item.team_id,
    text: item.text,
    said_at: iso(item.said_at),
    via: item.via,
    linked_at: iso(item.linked_at),
  };
}

type Credibility = Awaited<ReturnType<typeof credibilityOf>>;

export function presentCredibility(
  report: Credibility,
  options: { from: number; to: number; days: number; groupBy: string },
): Static<typeof CredibilityReportSchema> {
  return {
    from: iso(options.from),
    to: iso(options.to),
    as_of: iso(report.asOf),
    days: options.days,
    group_by: options.groupBy,
    organisation: report.organisation,
    groups: report.groups,
  };
}

/** One CSV row for the organisation, then one per group. */
export function credibilityCsv(report: Credibility, groupBy: string): string {
  return toCsv([
    { scope: 'organisation', key: '', ...report.organisation },
    ...report.groups.map((group) => ({ scope: groupBy, key: group.key, ...group.figures })),
  ]);
}

/** Suggestions without their internal score (its weights may change). */
export function presentSuggestions(
  suggestions: DecisionSuggestion[],
): Static<typeof DecisionSuggestionsSchema> {
  return {
    data: suggestions.map((suggestion) => ({
      id: suggestion.id,
      title: suggestion.title,
      state: suggestion.state,
      reason: suggestion.reason,
      matches: suggestion.matches,
    })),
  };
}
