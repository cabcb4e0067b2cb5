import { type Kysely, sql } from 'kysely';
import type { Database } from '../../platform/database/schema.js';

export interface AuditEntry {
  organisationId: number;
  actor: { type: 'user' | 'token' | 'system' | 'contact'; id: number | null };
  action: string;
  subjectType: string;
  subjectId: number | null;
  changes: Record<string, unknown>;
}

export async function recordAudit(db: Kysely<Database>, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      organisation_id: entry.organisationId,
      actor_type: entry.actor.type,
      actor_id: entry.actor.id,
      action: entry.action,
      subject_type: entry.subjectType,
      subject_id: entry.subjectId,
      changes: JSON.stringify(entry.changes),
      created_at: Date.now(),
    })
    .execute();
}

export async function listAudit(
  db: Kysely<Database>,
  organisationId: number,
  filter: {
    subjectType?: string;
    subjectId?: number;
    beforeId?: number;
    actorId?: number;
    /** An action, or the start of one when it ends with a dot. */
    action?: string;
    since?: number;
    until?: number;
    limit: number;
  },
) {
  let query = db
    .selectFrom('audit_log')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .orderBy('id', 'desc')
    .limit(filter.limit);
  if (filter.subjectType) query = query.where('subject_type', '=', filter.subjectType);
  if (filter.subjectId !== undefined) query = query.where('subject_id', '=', filter.subjectId);
  if (filter.beforeId !== undefined) query = query.where('id', '<', filter.beforeId);
  if (filter.actorId !== undefined) {
    query = query.where('actor_type', '=', 'user').where('actor_id', '=', filter.actorId);
  }
  if (filter.action?.endsWith('.')) {
    // substr, not LIKE: `_` would be a wildcard there, and the dialects escape differently.
    query = query.where(sql`substr(action, 1, ${filter.action.length})`, '=', filter.action);
  } else if (filter.action) query = query.where('action', '=', filter.action);
  if (filter.since !== undefined) query = query.where('created_at', '>=', filter.since);
  if (filter.until !== undefined) query = query.where('created_at', '<', filter.until);
  return query.execute();
}
