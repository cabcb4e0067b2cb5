import type { Static } from '@sinclair/typebox';
import { toCsv } from '../../platform/csv-export.js';
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

const personalKeys = new Set(['email', 'ip_address', 'user_agent', 'recipient']);
const emailAddress = /[^\s@"]+@[^\s@"]+\.[^\s@"]+/g;

/**
 * The audit log without what the reader's role may not see elsewhere: people's e-mail addresses,
 * network addresses and browsers are shown only to admins (who can list users); others see that
 * something changed, by whom and when.
 */
export function redactPersonalData(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(emailAddress, '[redacted e-mail]');
  if (Array.isArray(value)) return value.map(redactPersonalData);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      key,
      personalKeys.has(key) && item !== null ? '[redacted]' : redactPersonalData(item),
    ]),
  );
}

function presentAuditEntry(row: AuditRow, reveal: boolean): Static<typeof AuditEntrySchema> {
  const changes = changesOf(row.changes);
  return {
    id: row.id,
    actor_type: row.actor_type,
    actor_id: row.actor_id,
    action: row.action,
    subject_type: row.subject_type,
    subject_id: row.subject_id,
    changes: reveal ? changes : redactPersonalData(changes),
    created_at: iso(row.created_at),
  };
}

/** `reveal`: the reader may see people's personal data (admins). */
export function presentAuditList(
  rows: AuditRow[],
  reveal: boolean,
): Static<typeof AuditListSchema> {
  return { data: rows.map((row) => presentAuditEntry(row, reveal)) };
}

/** The same entries as CSV, the changes as their JSON text. */
export function auditCsv(list: Static<typeof AuditListSchema>): string {
  const columns = ['id', 'created_at', 'actor_type', 'actor_id', 'action', 'subject_type'];
  return toCsv(
    list.data.map((entry) => ({ ...entry, changes: JSON.stringify(entry.changes) })),
    [...columns, 'subject_id', 'changes'],
  );
}
