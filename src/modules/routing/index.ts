import type { AppContext } from '../../platform/context.js';
import type { DomainEvent } from '../../platform/events.js';
import type { JobHandler } from '../../platform/jobs/worker.js';
import { createAssignJobHandler } from './assignment.service.js';
import { createPresenceCheckJobHandler } from './availability.service.js';
import { createHandBackJobHandler } from './follow-the-sun.service.js';
import {
  assignJobKind,
  enqueueAssignment,
  handBackJobKind,
  presenceCheckJobKind,
} from './routing.jobs.js';
import { markOwn } from './routing-reactions.js';
import { offlineAfterMilliseconds } from './team-routing.service.js';

export { type Assignment, runAssignment } from './assignment.service.js';
export { changeAvailability, checkPresence } from './availability.service.js';
export { handBack, planHandoffs } from './follow-the-sun.service.js';
export { routeStage } from './route.stage.js';
export { registerRoutingRoutes } from './routing.routes.js';
export {
  type CompiledRule,
  compileRules,
  decideRoute,
  type RoutingRule,
  type RoutingSubject,
} from './routing-rule.js';
export {
  alwaysOpen,
  defaultTeamHoursSource,
  type TeamHours,
  type TeamHoursSource,
} from './team-hours.js';
export { assignJobKind, enqueueAssignment, handBackJobKind, presenceCheckJobKind };

/** The routing jobs, for the runtime's handler map. */
export function routingJobHandlers(context: AppContext): [string, JobHandler][] {
  const { dialect } = context.database;
  const window = offlineAfterMilliseconds(context);
  const publish = (events: DomainEvent[]) => context.events.publish(markOwn(events));
  return [
    [assignJobKind, createAssignJobHandler(dialect, window, publish)],
    [handBackJobKind, createHandBackJobHandler(dialect, publish)],
    [presenceCheckJobKind, createPresenceCheckJobHandler(dialect, window, publish)],
  ];
}
