import type {
  DecisionEventKind,
  DecisionOutcome,
  DecisionState,
} from '../../platform/database/schema.js';

/** The states a decision moves through, in order (`merged` ends a decision absorbed by another). */
export const decisionStates = [
  'received',
  'acknowledged',
  'under_consideration',
  'decided',
  'in_progress',
  'shipped',
  'confirmed',
] as const satisfies readonly DecisionState[];

export type SettableState = (typeof decisionStates)[number];

const rank = new Map<DecisionState, number>(decisionStates.map((state, index) => [state, index]));

/** States that only a decision to change can reach. */
const changeOnly = new Set<DecisionState>(['in_progress', 'shipped', 'confirmed']);

export interface DecisionPosition {
  state: DecisionState;
  outcome: DecisionOutcome | null;
}

export interface TransitionRequest {
  to: SettableState;
  outcome?: DecisionOutcome | undefined;
  reason?: string | undefined;
}

/**
 * Why a transition is not allowed, or null when it is. Decisions move forward (steps may be
 * skipped: a quick fix goes from received to shipped); going back is a reopen, which has its own
 * action. Deciding names the outcome, and deciding not to change needs a reason; the states after
 * `decided` follow only a decision to change.
 */
export function transitionProblem(
  from: DecisionPosition,
  request: TransitionRequest,
): string | null {
  if (from.state === 'merged') return 'the decision was merged into another';
  const fromRank = rank.get(from.state) ?? 0;
  const toRank = rank.get(request.to) ?? 0;
  if (toRank <= fromRank) return `the decision is already ${from.state.replaceAll('_', ' ')}`;
  const decides = fromRank < (rank.get('decided') ?? 0) && toRank >= (rank.get('decided') ?? 0);
  const outcome = decides ? request.outcome : from.outcome;
  if (decides && !request.outcome) return 'say whether it will change (outcome)';
  if (!decides && request.outcome && request.outcome !== from.outcome)
    return 'the outcome was already decided; reopen the decision to change it';
  if (outcome === 'will_not_change' && request.to !== 'decided')
    return 'a decision not to change ends at decided';
  if (outcome === 'will_not_change' && !request.reason?.trim())
    return 'give the reason for not changing';
  if (changeOnly.has(request.to) && outcome !== 'will_change')
    return 'only a decision to change can be in progress, shipped or confirmed';
  return null;
}

export interface DecisionEventFact {
  kind: DecisionEventKind;
  to_state: DecisionState | null;
  outcome: DecisionOutcome | null;
}

/**
 * The decision's current position, folded from its events in order: the one definition of the
 * state, which the `decisions` row caches and a test checks against.
 */
export function foldDecisionEvents(events: readonly DecisionEventFact[]): DecisionPosition {
  let position: DecisionPosition = { state: 'received', outcome: null };
  for (const event of events) {
    switch (event.kind) {
      case 'created':
      case 'state_changed':
        position = {
          state: event.to_state ?? position.state,
          outcome: event.outcome ?? position.outcome,
        };
        break;
      case 'reopened':
        position = { state: event.to_state ?? 'under_consideration', outcome: null };
        break;
      case 'merged_into':
        position = { ...position, state: 'merged' };
        break;
      default:
        break;
    }
  }
  return position;
}

/** A decision can be reopened once it was decided (for example when a check-back says "no"). */
export function reopenProblem(from: DecisionPosition): string | null {
  if (from.state === 'merged') return 'the decision was merged into another';
  if ((rank.get(from.state) ?? 0) < (rank.get('decided') ?? 0))
    return 'only a decided decision can be reopened';
  return null;
}
