import type { Static } from '@sinclair/typebox';
import { iso } from '../../platform/time.js';
import type { AuditEntrySchema, AuditListSchema } from './audit.schema.js';
import type { auditLogOf } from './audit.service.js';

type AuditRow = Awaited<ReturnType<typeof auditLogOf>>[number];

/** The stored JSON of the changes; a row that is not JSON shows as its text rather than a 500. */
function changesOf(stored: string): unknown {
  try {
    return JSON.parse(stored);
  } catch {
    return stored;
  }
}

function presentAuditEntry(row: AuditRow): Static<typeof AuditEntrySchema> {
  return {
    id: row.id,
    actor_type: row.actor_type,
    actor_id: row.actor_id,
    action: row.action,
    subject_type: row.subject_type,
    subject_id: row.subject_id,
    changes: changesOf(row.changes),
    created_at: iso(row.created_at),
  };
}

export function presentAuditList(rows: AuditRow[]): Static<typeof AuditListSchema> {
  return { data: rows.map(presentAuditEntry) };
}
