export { type Audience, AudienceSchema } from './audience.js';
export { type PersonRef, type ResolvedAudience, resolveAudience } from './audience.service.js';
export { consultJobs } from './consult.jobs.js';
export { registerConsultRoutes } from './consult.routes.js';
export { type ConsultViewer, canSeeConsultation, type Sight } from './embargo.service.js';
export { hotRule, hotRuleText } from './hot-rule.js';
export { ringResults } from './results.service.js';
export { fisherExact, meanInterval } from './statistics.js';
export { type DiffSegment, wordDiff } from './word-diff.js';
