export {
  type DecisionEventFact,
  decisionStates,
  foldDecisionEvents,
  transitionProblem,
} from './decision-states.js';
export { registerLedgerRoutes } from './ledger.routes.js';
