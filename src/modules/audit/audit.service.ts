import type { Static } from '@sinclair/typebox';
import type { AppContext } from '../../platform/context.js';
import type { Principal } from '../auth/index.js';
import { listAudit } from './audit.repository.js';
import type { AuditQuerystring } from './audit.schema.js';

/** The organisation's audit log, newest first, filtered and paged by the query string. */
export async function auditLogOf(
  context: AppContext,
  principal: Principal,
  query: Static<typeof AuditQuerystring>,
) {
  return listAudit(context.database.db, principal.organisationId, {
    ...(query.subject_type ? { subjectType: query.subject_type } : {}),
    ...(query.subject_id ? { subjectId: query.subject_id } : {}),
    ...(query.before_id ? { beforeId: query.before_id } : {}),
    ...(query.actor_id ? { actorId: query.actor_id } : {}),
    ...(query.action ? { action: query.action } : {}),
    ...(query.since ? { since: Date.parse(query.since) } : {}),
    ...(query.until ? { until: Date.parse(query.until) } : {}),
    limit: query.limit ?? 100,
  });
}
