import {
  assignJobKind,
  enqueueAssignment,
  handBackJobKind,
  presenceCheckJobKind,
} from './routing.jobs.js';

export { type Assignment, runAssignment } from './assignment.service.js';
export { changeAvailability, checkPresence } from './availability.service.js';
export { handBack, planHandoffs } from './follow-the-sun.service.js';
export {
  type NewConversationToRoute,
  routeNewConversations,
} from './new-conversation-routing.js';
export { routingJobs } from './routing.jobs.js';
export { registerRoutingRoutes } from './routing.routes.js';
export { routingSubscribers } from './routing.subscribers.js';
export {
  type CompiledRule,
  compileRules,
  decideRoute,
  type RoutingRule,
  type RoutingSubject,
} from './routing-rule.js';
export { createRule, rulesOf } from './routing-rule.service.js';
export {
  alwaysOpen,
  defaultTeamHoursSource,
  type TeamHours,
  type TeamHoursSource,
} from './team-hours.js';
export { putMember } from './team-routing.service.js';
export { assignJobKind, enqueueAssignment, handBackJobKind, presenceCheckJobKind };
