export { slaCheck, slaJobs } from './sla.jobs.js';
export { registerSlaRoutes } from './sla.routes.js';
export { evaluateSla } from './sla.service.js';
export {
  type ClockResult,
  type ClockTargets,
  type ConversationClocks,
  computeClocks,
  type Metric,
  pausedSpans,
  type StatusChange,
  type TimelineMessage,
} from './sla-clock.js';
export {
  matchPolicy,
  type SlaConditions,
  type SlaEscalation,
  type SlaPolicy,
} from './sla-policy.js';
export { listPolicies, type PolicyInput } from './sla-policy.repository.js';
export { ensurePolicies } from './sla-policy.service.js';
