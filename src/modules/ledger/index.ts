export { type CredibilityGroup, credibilityReport, lowerMedian, weekStart } from './credibility.js';
export { credibilityOf } from './credibility.service.js';
export { createDecision } from './decision.service.js';
export {
  type DecisionEventFact,
  decisionStates,
  foldDecisionEvents,
  transitionProblem,
} from './decision-states.js';
export { linkFeedback } from './feedback.service.js';
export { ledgerJobs } from './ledger.jobs.js';
export { registerLedgerRoutes } from './ledger.routes.js';
export { suggestDecisions } from './suggestion.service.js';
