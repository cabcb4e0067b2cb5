export { slaCheck, slaJobs } from './sla.jobs.js';
export { registerSlaRoutes } from './sla.routes.js';
export { evaluateSla } from './sla.service.js';
export { listPolicies, type PolicyInput } from './sla-policy.repository.js';
export { ensurePolicies } from './sla-policy.service.js';
