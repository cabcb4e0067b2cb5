import type { ApiAnswer } from '../../api/api-client.js';

export type Decision = ApiAnswer<'/api/v1/decisions'>['data'][number];
export type DecisionState = Decision['state'];
export type SettableState = Exclude<DecisionState, 'merged'>;

/** The states in the order a decision moves through them. */
export const stateOrder: SettableState[] = [
  'received',
  'acknowledged',
  'under_consideration',
  'decided',
  'in_progress',
  'shipped',
  'confirmed',
];

export const stateNames: Record<DecisionState, string> = {
  received: 'Received',
  acknowledged: 'Acknowledged',
  under_consideration: 'Under consideration',
  decided: 'Decided',
  in_progress: 'In progress',
  shipped: 'Shipped',
  confirmed: 'Confirmed',
  merged: 'Merged',
};

export function outcomeName(outcome: Decision['outcome']): string | null {
  if (outcome === 'will_change') return 'will change';
  if (outcome === 'will_not_change') return 'will not change';
  return null;
}

/** The steps that may follow (the server checks again and explains a refusal). */
export function nextStates(decision: Decision): SettableState[] {
  if (decision.state === 'merged') return [];
  const from = stateOrder.indexOf(decision.state);
  const decidedAt = stateOrder.indexOf('decided');
  return stateOrder.filter((_state, index) => {
    if (index <= from) return false;
    if (decision.outcome === 'will_not_change') return false;
    return from >= decidedAt ? decision.outcome === 'will_change' : true;
  });
}

export const eventNames: Record<string, string> = {
  created: 'created',
  state_changed: 'moved',
  reopened: 'reopened',
  feedback_linked: 'linked feedback',
  feedback_unlinked: 'unlinked feedback',
  merged_into: 'merged into another decision',
  absorbed: 'absorbed a duplicate',
  split_off: 'split feedback off',
  split_from: 'split from another decision',
};
