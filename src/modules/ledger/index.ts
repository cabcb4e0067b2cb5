export { type CredibilityGroup, credibilityReport, lowerMedian, weekStart } from './credibility.js';
export { credibilityOf } from './credibility.service.js';
export {
  type DecisionEventFact,
  decisionStates,
  foldDecisionEvents,
  transitionProblem,
} from './decision-states.js';
export { registerLedgerRoutes } from './ledger.routes.js';
